using System.Text.Json.Serialization;
using SupportBot.Client.Internal;

namespace SupportBot.Client.Providers.Asyntai;

/// <summary>Body of <c>POST /chat/</c>.</summary>
public sealed class AsyntaiChatRequest
{
    /// <summary>The user's message (required).</summary>
    public required string Message { get; init; }

    /// <summary>The conversation; reuse it to keep history.</summary>
    public string? SessionId { get; init; }

    /// <summary>The website; the primary website when null.</summary>
    public int? WebsiteId { get; init; }
}

/// <summary>Fields every Asyntai response carries: <c>success</c> and, on failure, <c>error</c>.</summary>
public abstract class AsyntaiEnvelope
{
    /// <summary>Whether the call succeeded.</summary>
    public bool Success { get; init; }

    /// <summary>The error message when <see cref="Success"/> is false.</summary>
    public string? Error { get; init; }
}

/// <summary>Response of <c>POST /chat/</c>.</summary>
public sealed class AsyntaiChatResponse : AsyntaiEnvelope
{
    /// <summary>The AI's answer.</summary>
    public string? Response { get; init; }

    /// <summary>The conversation id.</summary>
    public string? SessionId { get; init; }
}

/// <summary>Response of <c>GET /websites/</c>.</summary>
public sealed class AsyntaiWebsitesResponse : AsyntaiEnvelope
{
    /// <summary>The account's websites.</summary>
    public IReadOnlyList<AsyntaiWebsite> Websites
    {
        get => _websites;
        init => _websites = WireList.Of(value);
    }

    private readonly IReadOnlyList<AsyntaiWebsite> _websites = [];
}

/// <summary>One website.</summary>
/// <param name="Id">The website id.</param>
/// <param name="Name">The name.</param>
/// <param name="Domain">The domain.</param>
/// <param name="IsPrimary">Whether it is the primary website.</param>
public sealed record AsyntaiWebsite(int Id, string? Name, string? Domain, bool IsPrimary);

/// <summary>Response of <c>GET /conversations/</c>.</summary>
public sealed class AsyntaiConversationResponse : AsyntaiEnvelope
{
    /// <summary>The session id.</summary>
    public string? SessionId { get; init; }

    /// <summary>The messages, oldest first.</summary>
    public IReadOnlyList<AsyntaiMessage> Messages
    {
        get => _messages;
        init => _messages = WireList.Of(value);
    }

    private readonly IReadOnlyList<AsyntaiMessage> _messages = [];
}

/// <summary>One conversation message.</summary>
/// <param name="Role"><c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The text.</param>
/// <param name="Timestamp">When it was sent.</param>
public sealed record AsyntaiMessage(string Role, string Content, DateTimeOffset? Timestamp);

/// <summary>Response of <c>GET /account/</c>.</summary>
public sealed class AsyntaiAccountResponse : AsyntaiEnvelope
{
    /// <summary>The account.</summary>
    public AsyntaiAccount? Account { get; init; }
}

/// <summary>Account information and usage.</summary>
/// <param name="Email">The account email.</param>
/// <param name="Plan">The plan, e.g. <c>starter</c>.</param>
/// <param name="MessagesUsed">Messages used this month.</param>
/// <param name="MessagesLimit">Messages allowed per month.</param>
public sealed record AsyntaiAccount(string? Email, string? Plan, long? MessagesUsed, long? MessagesLimit);

/// <summary>The Asyntai wire contract's source-generated serializer context (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AsyntaiChatRequest))]
[JsonSerializable(typeof(AsyntaiChatResponse))]
[JsonSerializable(typeof(AsyntaiWebsitesResponse))]
[JsonSerializable(typeof(AsyntaiConversationResponse))]
[JsonSerializable(typeof(AsyntaiAccountResponse))]
internal sealed partial class AsyntaiJsonContext : JsonSerializerContext;
