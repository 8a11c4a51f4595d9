namespace SupportBot.Aspire.Tests;

/// <summary>The web chat sample's <c>POST /api/chat</c> body, as a browser sends it.</summary>
internal sealed record ChatBody(string Message, string? ConversationId);

/// <summary>What <c>POST /api/chat</c> answers.</summary>
internal sealed record ChatAnswer(string Text, string ConversationId, bool RequiresEscalation);
