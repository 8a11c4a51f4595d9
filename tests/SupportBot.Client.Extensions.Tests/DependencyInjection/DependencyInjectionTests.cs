using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SupportBot.Client.Extensions.Tests.Infrastructure;

namespace SupportBot.Client.Extensions.Tests.DependencyInjection;

public sealed class DependencyInjectionTests
{
    private const string AgentAnswer = "{\"answer\":\"Reset it from Settings.\",\"conversation_id\":\"c-1\",\"message_id\":\"m-1\",\"confidence\":0.92,\"sources\":[]}";
    private const string AISupportBotAnswer = "{\"response\":\"Hello there\",\"requiresEscalation\":false,\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}";

    private const string TwoProvidersJson = """
        {
          "SupportBot": {
            "Sales": {
              "Provider": "AgentApi",
              "ApiKey": "sk_sales_0123456789",
              "BaseAddress": "https://agent.sales.example/api/",
              "Timeout": "00:00:20",
              "AttemptTimeout": "00:00:05",
              "Retry": { "MaxRetries": 2, "BaseDelay": "00:00:00.500", "UseJitter": false, "RetryUnsafeRequests": true },
              "ClientRateLimit": { "PermitLimit": 50, "Window": "00:10:00" }
            },
            "Support": {
              "Provider": "AISupportBot",
              "ApiKey": "ask_support_0123456789",
              "DefaultBotId": "assistant-42",
              "MaxHistoryMessages": 10
            }
          }
        }
        """;

    [Fact]
    public void Binds_two_keyed_providers_from_json()
    {
        using var sp = BuildFromJson(TwoProvidersJson);

        var sales = sp.GetRequiredKeyedService<ISupportBotClient>("sales");
        var support = sp.GetRequiredKeyedService<ISupportBotClient>("support");

        sales.Provider.Should().Be(SupportBotProvider.AgentApi);
        support.Provider.Should().Be(SupportBotProvider.AISupportBot);
        ((SupportBotClient)sales).BaseAddress.Should().Be(new Uri("https://agent.sales.example/api/"));
        sp.GetRequiredKeyedService<SupportBotClient>("sales").Should().BeSameAs(sales);

        var options = sp.GetRequiredService<IOptionsMonitor<SupportBotClientOptions>>();
        var salesOptions = options.Get("sales");
        salesOptions.Timeout.Should().Be(TimeSpan.FromSeconds(20));
        salesOptions.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(5));
        salesOptions.Retry.Should().Be(new SupportBotRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(500), UseJitter = false, RetryUnsafeRequests = true });
        salesOptions.ClientRateLimit.Should().Be(new SupportBotRateLimitOptions { PermitLimit = 50, Window = TimeSpan.FromMinutes(10) });
        options.Get("support").DefaultBotId.Should().Be("assistant-42");
        options.Get("support").MaxHistoryMessages.Should().Be(10);

        var resilience = sp.GetRequiredService<IOptionsMonitor<SupportBotResilienceOptions>>().Get("sales");
        resilience.TotalTimeout.Should().Be(TimeSpan.FromSeconds(20));
        resilience.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(5));
        resilience.Retry.MaxRetries.Should().Be(2);
    }

    [Fact]
    public void Keyed_clients_are_injected_with_FromKeyedServices()
    {
        using var sp = BuildFromJson(TwoProvidersJson, services => services.AddSingleton<TwoBots>());

        var bots = sp.GetRequiredService<TwoBots>();

        bots.Sales.Provider.Should().Be(SupportBotProvider.AgentApi);
        bots.Support.Provider.Should().Be(SupportBotProvider.AISupportBot);
    }

    [Fact]
    public void Environment_variables_override_json()
    {
        var prefix = "SBTEST_" + Guid.NewGuid().ToString("N")[..8] + "_";
        Environment.SetEnvironmentVariable(prefix + "SupportBot__Sales__ApiKey", "sk_from_environment_123");
        Environment.SetEnvironmentVariable(prefix + "SupportBot__Sales__Retry__MaxRetries", "5");
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(TwoProvidersJson)))
                .AddEnvironmentVariables(prefix)
                .Build();
            var services = new ServiceCollection();
            services.AddSupportBotClient("sales", configuration.GetSection("SupportBot:Sales"));
            using var sp = services.BuildServiceProvider();

            var options = sp.GetRequiredService<IOptionsMonitor<SupportBotClientOptions>>().Get("sales");

            options.ApiKey.Should().Be("sk_from_environment_123");
            options.Retry.MaxRetries.Should().Be(5);
            options.Provider.Should().Be(SupportBotProvider.AgentApi);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "SupportBot__Sales__ApiKey", null);
            Environment.SetEnvironmentVariable(prefix + "SupportBot__Sales__Retry__MaxRetries", null);
        }
    }

    [Fact]
    public void Environment_variables_alone_configure_the_default_client()
    {
        var prefix = "SBTEST_" + Guid.NewGuid().ToString("N")[..8] + "_";
        var variables = new Dictionary<string, string>
        {
            ["SupportBot__Provider"] = "Asyntai",
            ["SupportBot__ApiKey"] = "asyntai-key-123456",
            ["SupportBot__DefaultBotId"] = "17",
            ["SupportBot__AuthHeader"] = "XApiKey",
        };
        foreach (var (k, v) in variables)
        {
            Environment.SetEnvironmentVariable(prefix + k, v);
        }

        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            var services = new ServiceCollection();
            services.AddSupportBotClient(configuration.GetSection("SupportBot"));
            using var sp = services.BuildServiceProvider();

            var client = sp.GetRequiredService<ISupportBotClient>();
            client.Provider.Should().Be(SupportBotProvider.Asyntai);
            sp.GetRequiredService<SupportBotClient>().Should().BeSameAs(client);
            sp.GetRequiredService<IOptions<SupportBotClientOptions>>().Value.AuthHeader.Should().Be(SupportBotAuthHeader.XApiKey);
        }
        finally
        {
            foreach (var k in variables.Keys)
            {
                Environment.SetEnvironmentVariable(prefix + k, null);
            }
        }
    }

    [Fact]
    public async Task Host_start_fails_on_invalid_options_naming_the_bad_keys()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes("""
            { "SupportBot": { "Sales": { "Provider": "AISupportBot", "ApiKey": "wrong_prefix_key", "Timeout": "-00:00:01" } } }
            """)));
        builder.Services.AddSupportBotClient("sales", builder.Configuration.GetSection("SupportBot:Sales"));
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var ex = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        ex.OptionsName.Should().Be("sales");
        ex.Failures.Should().Contain(f => f.Contains("SupportBot:Sales:ApiKey", StringComparison.Ordinal));
        ex.Failures.Should().Contain(f => f.Contains("SupportBot:Sales:Timeout", StringComparison.Ordinal));
        ex.Failures.Should().Contain(f => f.Contains("SupportBot:Sales:DefaultBotId", StringComparison.Ordinal) || f.Contains("bot", StringComparison.OrdinalIgnoreCase));
        ex.Message.Should().NotContain("wrong_prefix_key");
    }

    [Theory]
    [InlineData("Asyntia")]
    [InlineData("ChatSupport AI")]
    public async Task A_misspelt_provider_fails_start_with_the_valid_names_and_the_key(string provider)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SupportBot:Provider"] = provider,
            ["SupportBot:ApiKey"] = "sk_live_0123456789",
        });
        builder.Services.AddSupportBotClient(builder.Configuration.GetSection("SupportBot"));
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var ex = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        ex.Failures.Should().Equal(
            $"SupportBot:Provider: '{provider}' is not a provider. Use one of AISupportBot, Asyntai, ChatSupportAI, AskIA, AgentApi "
            + "(these spellings, in any letter case; no spaces: ChatSupport AI is ChatSupportAI).");
    }

    [Fact]
    public async Task A_missing_section_fails_start_with_provider_is_required_naming_the_key()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SupportBott:ApiKey"] = "ask_0123456789" });
        builder.Services.AddSupportBotClient(builder.Configuration.GetSection("SupportBot"));
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var ex = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        ex.Failures.Should().Equal(
            "SupportBot client: SupportBot:Provider is required: set it to one of AISupportBot, Asyntai, ChatSupportAI, AskIA, AgentApi.");
    }

    [Fact]
    public void Provider_names_in_any_letter_case_bind()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SupportBot:Provider"] = "chatsupportai",
            ["SupportBot:ApiKey"] = "sk_live_0123456789",
        }).Build();
        var services = new ServiceCollection();
        services.AddSupportBotClient(configuration.GetSection("SupportBot"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptionsMonitor<SupportBotClientOptions>>().Get(Options.DefaultName).Provider
            .Should().Be(SupportBotProvider.ChatSupportAI);
    }

    [Fact]
    public async Task Host_start_fails_on_invalid_delegate_options()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSupportBotClient(o => o.Provider = SupportBotProvider.AgentApi);
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var ex = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        ex.Failures.Should().Contain(f => f.StartsWith("SupportBot client: ApiKey:", StringComparison.Ordinal));
        ex.Failures.Should().Contain(f => f.StartsWith("SupportBot client: BaseAddress:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Valid_options_start_and_a_call_goes_through_the_factory_pipeline()
    {
        var time = new DrivenTimeProvider();
        var stub = new StubHandler(time).ThenRespond(503).ThenRespond(200, AgentAnswer);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSupportBotClient(o =>
            {
                o.Provider = SupportBotProvider.AgentApi;
                o.ApiKey = "sk_di_0123456789";
                o.BaseAddress = new Uri("https://agent.example/");
                o.Retry = new SupportBotRetryOptions { UseJitter = false };
            })
            .ConfigurePrimaryHttpMessageHandler(() => stub);
        using var sp = services.BuildServiceProvider();

        var reply = await time.RunAsync(() => sp.GetRequiredService<ISupportBotClient>().ChatAsync(new ChatRequest("how do I reset?")));

        reply.Text.Should().Be("Reset it from Settings.");
        stub.Count.Should().Be(2, "the 503 is retried by the SDK's handler in the factory pipeline");
        (stub.Calls[1].At - stub.Calls[0].At).Should().Be(TimeSpan.FromSeconds(1), "DI's TimeProvider drives the pipeline");
        stub.Calls[0].Headers["Authorization"].Should().Be("Bearer sk_di_0123456789");
    }

    [Fact]
    public async Task ConfigureSupportBotResilience_changes_the_pipeline()
    {
        var time = new DrivenTimeProvider();
        var stub = new StubHandler(time).ThenRespond(503);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSupportBotClient("support", o =>
            {
                o.Provider = SupportBotProvider.AgentApi;
                o.ApiKey = "sk_di_0123456789";
                o.BaseAddress = new Uri("https://agent.example/");
            })
            .ConfigurePrimaryHttpMessageHandler(() => stub)
            .ConfigureSupportBotResilience(r => r.Retry = r.Retry with { MaxRetries = 1, UseJitter = false, BaseDelay = TimeSpan.FromSeconds(3) });
        using var sp = services.BuildServiceProvider();
        var client = sp.GetRequiredKeyedService<ISupportBotClient>("support");

        var act = () => time.RunAsync(() => client.GetAccountAsync());

        (await act.Should().ThrowAsync<SupportBotException>()).Which.ErrorCode.Should().Be(SupportBotErrorCode.ServiceUnavailable);
        stub.Count.Should().Be(2);
        time.Elapsed.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Circuit_breaker_state_is_shared_by_every_handler_of_one_name()
    {
        var time = new DrivenTimeProvider();
        var stub = new StubHandler(time).ThenRespond(500);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSupportBotClient("a", o =>
            {
                o.Provider = SupportBotProvider.AgentApi;
                o.ApiKey = "sk_di_0123456789";
                o.BaseAddress = new Uri("https://agent.example/");
                o.Retry = new SupportBotRetryOptions { MaxRetries = 0 };
            })
            .ConfigurePrimaryHttpMessageHandler(() => stub)
            .ConfigureSupportBotResilience(r => r.CircuitBreaker = new SupportBotCircuitBreakerOptions { MinimumThroughput = 2, FailureRatio = 0.5 });
        using var sp = services.BuildServiceProvider();
        var factory = sp.GetRequiredService<IHttpClientFactory>();

        for (var i = 0; i < 2; i++)
        {
            using var http = factory.CreateClient("a");
            using var response = await time.RunAsync(() => http.GetAsync(new Uri("https://agent.example/v1/usage")));
        }

        using var third = factory.CreateClient("a");
        var act = () => time.RunAsync(() => third.GetAsync(new Uri("https://agent.example/v1/usage")));
        (await act.Should().ThrowAsync<SupportBotException>()).Which.ErrorCode.Should().Be(SupportBotErrorCode.ServiceUnavailable);
        stub.Count.Should().Be(2);
    }

    [Fact]
    public async Task Conversation_store_is_replaceable_through_DI()
    {
        var stub = new StubHandler().ThenRespond(200, AISupportBotAnswer);
        var store = new RecordingStore();
        var services = new ServiceCollection();
        services.AddSingleton<IConversationStore>(store);
        services.AddSupportBotClient(o =>
            {
                o.Provider = SupportBotProvider.AISupportBot;
                o.ApiKey = "ask_0123456789";
                o.DefaultBotId = "assistant-1";
            })
            .ConfigurePrimaryHttpMessageHandler(() => stub);
        using var sp = services.BuildServiceProvider();

        var reply = await sp.GetRequiredService<ISupportBotClient>().ChatAsync(new ChatRequest("hello"));

        store.Appended.Should().ContainKey(reply.ConversationId);
    }

    [Fact]
    public async Task Keyed_conversation_store_wins_for_its_client()
    {
        var stub = new StubHandler().ThenRespond(200, AISupportBotAnswer);
        var shared = new RecordingStore();
        var own = new RecordingStore();
        var services = new ServiceCollection();
        services.AddSingleton<IConversationStore>(shared);
        services.AddKeyedSingleton<IConversationStore>("vip", own);
        services.AddSupportBotClient("vip", o =>
            {
                o.Provider = SupportBotProvider.AISupportBot;
                o.ApiKey = "ask_0123456789";
                o.DefaultBotId = "assistant-1";
            })
            .ConfigurePrimaryHttpMessageHandler(() => stub);
        using var sp = services.BuildServiceProvider();

        await sp.GetRequiredKeyedService<ISupportBotClient>("vip").ChatAsync(new ChatRequest("hello"));

        own.Appended.Should().NotBeEmpty();
        shared.Appended.Should().BeEmpty();
    }

    [Fact]
    public void Primary_handler_does_not_follow_redirects_and_recycles_connections()
    {
        var services = new ServiceCollection();
        services.AddSupportBotClient("sales", o =>
        {
            o.Provider = SupportBotProvider.AgentApi;
            o.ApiKey = "sk_0123456789";
            o.BaseAddress = new Uri("https://agent.example/");
        });
        using var sp = services.BuildServiceProvider();

        var handler = sp.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler("sales");
        var chain = new List<HttpMessageHandler>();
        for (HttpMessageHandler? h = handler; h is not null; h = (h as DelegatingHandler)?.InnerHandler)
        {
            chain.Add(h);
        }

#if NET
        // Microsoft.Extensions.Http.Resilience hosts the SDK's strategies; the SDK's own handler is for clients it builds itself.
        chain.OfType<Microsoft.Extensions.Http.Resilience.ResilienceHandler>().Should().ContainSingle();
        chain.OfType<SupportBotResilienceHandler>().Should().BeEmpty();
        var primary = chain[^1].Should().BeOfType<SocketsHttpHandler>().Subject;
        primary.AllowAutoRedirect.Should().BeFalse();
        primary.PooledConnectionLifetime.Should().Be(TimeSpan.FromMinutes(2));
#else
        // .NET Framework: the core's handler hosts the same strategies over HttpClientHandler (no MEHR there).
        chain.OfType<SupportBotResilienceHandler>().Should().ContainSingle();
        chain[chain.Count - 1].Should().BeOfType<HttpClientHandler>().Which.AllowAutoRedirect.Should().BeFalse();
#endif
        sp.GetRequiredService<IHttpClientFactory>().CreateClient("sales").Timeout.Should().Be(Timeout.InfiniteTimeSpan);
    }

    private static ServiceProvider BuildFromJson(string json, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddSupportBotClient("sales", configuration.GetSection("SupportBot:Sales"));
        services.AddSupportBotClient("support", configuration.GetSection("SupportBot:Support"));
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private sealed class TwoBots([FromKeyedServices("sales")] ISupportBotClient sales, [FromKeyedServices("support")] ISupportBotClient support)
    {
        public ISupportBotClient Sales { get; } = sales;

        public ISupportBotClient Support { get; } = support;
    }

    private sealed class RecordingStore : ConversationStore
    {
        public Dictionary<string, List<ConversationMessage>> Appended { get; } = [];

        public override ValueTask<IReadOnlyList<ConversationMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default) =>
            new(Appended.TryGetValue(conversationId, out var list) ? list : []);

        public override ValueTask AppendAsync(string conversationId, IReadOnlyList<ConversationMessage> messages, CancellationToken cancellationToken = default)
        {
            if (!Appended.TryGetValue(conversationId, out var list))
            {
                Appended[conversationId] = list = [];
            }

            list.AddRange(messages);
            return default;
        }

        public override ValueTask DeleteAsync(string conversationId, CancellationToken cancellationToken = default)
        {
            Appended.Remove(conversationId);
            return default;
        }
    }
}
