using SupportBot.Contract.Tests.Contracts;

namespace SupportBot.Contract.Tests.MockServer;

// STAGED: out of compilation until src/SupportBot.MockServer lands (see the csproj's <Compile Remove="MockServer/**" />).
// The same contract suite as on WireMock, on the reference mock server with its demo seed.

[Collection(MockServerCollection.Name)]
public sealed class AISupportBotOnMockServer(MockServerFixture mock) : AISupportBotContract(mock.ContractServer);

[Collection(MockServerCollection.Name)]
public sealed class AsyntaiOnMockServer(MockServerFixture mock) : AsyntaiContract(mock.ContractServer);

[Collection(MockServerCollection.Name)]
public sealed class ChatSupportAIOnMockServer(MockServerFixture mock) : ChatSupportAIContract(mock.ContractServer);

[Collection(MockServerCollection.Name)]
public sealed class AskIaOnMockServer(MockServerFixture mock) : AskIaContract(mock.ContractServer);

[Collection(MockServerCollection.Name)]
public sealed class AgentApiOnMockServer(MockServerFixture mock) : AgentApiContract(mock.ContractServer);
