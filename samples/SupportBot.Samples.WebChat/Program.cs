// ASP.NET Core backend proxy + web chat page for SupportBot.Client.
//
//   dotnet run                               starts the embedded reference mock server (AgentApi, so answers show sources) and serves the page
//   dotnet run -- --SupportBot:Provider=AISupportBot   the same against another provider of the mock server
//   (started by samples/SupportBot.Samples.AppHost, it takes ConnectionStrings:supportbot and :redis instead: docs/aspire.md)
//   dotnet run -- --use-config               talks to the server named in appsettings.json ("SupportBot" section)
//
// The API key never reaches the browser: keep it in user secrets or an environment variable (SupportBot__ApiKey=sk_live_...).
using SupportBot.Samples.WebChat;

var app = await WebChatApp.CreateAppAsync(args);
await using (app)
{
    await app.StartAsync();
    Console.WriteLine($"Web chat on {WebChatApp.GetBaseAddress(app)} ({(args.Contains("--use-config") ? "configured server" : "embedded mock server; pass --use-config to use appsettings.json")}). Ctrl+C to stop.");
    await app.WaitForShutdownAsync();
}
