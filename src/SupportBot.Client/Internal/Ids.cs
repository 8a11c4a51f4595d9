namespace SupportBot.Client.Internal;

/// <summary>Ids the SDK mints where a provider returns none.</summary>
internal static class Ids
{
    /// <summary>A new conversation id: <c>conv_</c> followed by 32 hex digits.</summary>
    public static string NewConversationId() => "conv_" + Guid.NewGuid().ToString("N");
}
