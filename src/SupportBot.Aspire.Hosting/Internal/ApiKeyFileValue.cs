using Aspire.Hosting.ApplicationModel;

namespace SupportBot.Aspire.Hosting.Internal;

/// <summary>
/// The value of <c>ApiKeyFile=</c> in a connection string: resolving it reads the key (an Aspire parameter, or a callback
/// for the mock server), writes it to the run's <see cref="SecretFiles"/> and returns the file's path. The path is not a
/// secret, so it may show in environment listings; the key does not.
/// </summary>
internal sealed class ApiKeyFileValue(string resourceName, SecretFiles files, Func<CancellationToken, ValueTask<string?>> readKey, IEnumerable<object> references)
    : IValueProvider, IManifestExpressionProvider, IValueWithReferences
{
    public string ValueExpression => $"{{{resourceName}.apiKeyFile}}";

    public IEnumerable<object> References => references;

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var key = await readKey(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidOperationException($"The SupportBot resource '{resourceName}' has no API key value to hand to its services.");
        }

        return files.Write(resourceName, key);
    }
}
