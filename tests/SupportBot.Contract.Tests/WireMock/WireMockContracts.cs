using SupportBot.Contract.Tests.Contracts;

namespace SupportBot.Contract.Tests.WireMock;

// The contract suite on WireMock loaded with contracts/wiremock/**: exact documented values, and after every test the
// request journal must show each request matched the expected mapping (no unmatched requests).

[Collection(WireMockCollection.Name)]
public sealed class AISupportBotOnWireMock(WireMockFixture wireMock) : AISupportBotContract(wireMock.ContractServer);

[Collection(WireMockCollection.Name)]
public sealed class AsyntaiOnWireMock(WireMockFixture wireMock) : AsyntaiContract(wireMock.ContractServer);

[Collection(WireMockCollection.Name)]
public sealed class ChatSupportAIOnWireMock(WireMockFixture wireMock) : ChatSupportAIContract(wireMock.ContractServer);

[Collection(WireMockCollection.Name)]
public sealed class AskIaOnWireMock(WireMockFixture wireMock) : AskIaContract(wireMock.ContractServer);

[Collection(WireMockCollection.Name)]
public sealed class AgentApiOnWireMock(WireMockFixture wireMock) : AgentApiContract(wireMock.ContractServer);
