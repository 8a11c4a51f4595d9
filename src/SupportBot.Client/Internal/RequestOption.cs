namespace SupportBot.Client.Internal;

/// <summary>
/// A typed per-request value: <see cref="HttpRequestMessage"/>'s <c>Options</c> on .NET, its <c>Properties</c> on .NET Framework (the
/// same dictionary underneath on .NET, so a key set by name — Refit's method name — reads back on both).
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
internal readonly struct RequestOption<T>(string name)
{
    public string Name { get; } = name;

    public void Set(HttpRequestMessage request, T value)
    {
#if NET
        request.Options.Set(new HttpRequestOptionsKey<T>(Name), value);
#else
        request.Properties[Name] = value;
#endif
    }

    public bool TryGet(HttpRequestMessage request, out T value)
    {
#if NET
        return request.Options.TryGetValue(new HttpRequestOptionsKey<T>(Name), out value!);
#else
        if (request.Properties.TryGetValue(Name, out var found) && found is T typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
#endif
    }
}
