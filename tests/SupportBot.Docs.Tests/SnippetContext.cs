using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Client;

namespace SupportBot.Docs.Tests;

/// <summary>
/// The names a documentation snippet may use without declaring them, because the text around it has (a client, the
/// application builder, the services). Only compiled against, never run.
/// </summary>
#pragma warning disable CA1707, IDE1006, SA1300 // lower-case on purpose: they stand for a snippet's local variables
public static class SnippetContext
{
    /// <summary>A client, as created earlier in the text.</summary>
    public static SupportBotClient client => throw new NotSupportedException();

    /// <summary>Keys read from configuration, one per provider account.</summary>
    public static string asyntaiKey => throw new NotSupportedException();

    /// <summary>Keys read from configuration, one per provider account.</summary>
    public static string genieKey => throw new NotSupportedException();

    /// <summary>The application's own alerting.</summary>
    public static Alerts alerts => throw new NotSupportedException();

    /// <summary>The application's own hand-over to a human agent.</summary>
    public static string HandToHuman(ChatReply? reply = null) => throw new NotSupportedException();

    /// <summary>The web application builder.</summary>
    public static WebApplicationBuilder builder => throw new NotSupportedException();

    /// <summary>The service collection.</summary>
    public static IServiceCollection services => throw new NotSupportedException();

    /// <summary>The built web application.</summary>
    public static WebApplication app => throw new NotSupportedException();

    /// <summary>A running reference mock server.</summary>
    public static SupportBot.MockServer.SupportBotMockServer server => throw new NotSupportedException();

    /// <summary>Client options being filled in.</summary>
    public static SupportBotClientOptions options => throw new NotSupportedException();

    /// <summary>The customer's question.</summary>
    public static string question => throw new NotSupportedException();

    /// <summary>The conversation the question belongs to.</summary>
    public static string? conversationId => throw new NotSupportedException();

    /// <summary>An API key read from configuration.</summary>
    public static string key => throw new NotSupportedException();

    /// <summary>An AISupportBot assistant id read from configuration.</summary>
    public static string assistantId => throw new NotSupportedException();

    /// <summary>The caller's cancellation.</summary>
    public static CancellationToken cancellationToken => throw new NotSupportedException();
}

/// <summary>The application's own alerting, as a snippet uses it.</summary>
public sealed class Alerts
{
    /// <summary>Sends an alert.</summary>
    public void Notify(string message) => throw new NotSupportedException(message);
}

/// <summary>A web backend's own request body, as a snippet's endpoint takes it.</summary>
/// <param name="Message">The user's message.</param>
/// <param name="ConversationId">The conversation to continue.</param>
public sealed record ChatIn(string Message, string? ConversationId);
