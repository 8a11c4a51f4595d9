// The sample AppHost: the web chat sample beside the reference mock server, as an Aspire application.
//
//   dotnet run --project samples/SupportBot.Samples.AppHost
//       the mock server (in this process) + redis-server (an executable: no container runtime needed) + two replicas of
//       the web chat sample that share conversations through Redis; the dashboard shows them all
//   dotnet run --project samples/SupportBot.Samples.AppHost -- --Parameters:supportbot-key=sk_live_... --Parameters:supportbot-endpoint=https://support.example.com/api/
//       a real AgentApi provider instead of the mock server (better: keep the key in user secrets, Parameters:supportbot-key)
using SupportBot.Client;
using SupportBot.Samples.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

IResourceBuilder<IResourceWithConnectionString> supportbot;
if (!string.IsNullOrEmpty(builder.Configuration["Parameters:supportbot-key"]))
{
    var provider = builder.Configuration.GetValue("SupportBot:Provider", SupportBotProvider.AgentApi);
    supportbot = builder.AddSupportBotProvider(
        "supportbot",
        provider,
        apiKey: builder.AddParameter("supportbot-key", secret: true),
        endpoint: builder.AddParameter("supportbot-endpoint"),
        botId: string.IsNullOrEmpty(builder.Configuration["Parameters:supportbot-bot"]) ? null : builder.AddParameter("supportbot-bot"));
}
else
{
    // AISupportBot keeps no conversation on the server: the SDK keeps the history (IConversationStore), so two replicas
    // continue one conversation only when they share that store.
    supportbot = builder.AddSupportBotMockServer("supportbot", builder.Configuration.GetValue("SupportBot:Provider", SupportBotProvider.AISupportBot));
}

var redis = builder.AddRedisServerExecutable("redis");

var replicas = builder.Configuration.GetValue("WebChat:Replicas", 2);
for (var i = 1; i <= replicas; i++)
{
    builder.AddProject<Projects.SupportBot_Samples_WebChat>($"webchat-{i}")
        .WithHttpEndpoint()
        .WithReference(supportbot).WaitFor(supportbot)
        .WithReference(redis).WaitFor(redis)
        .WithHttpHealthCheck("/health");
}

builder.Build().Run();
