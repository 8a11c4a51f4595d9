using System.Runtime.CompilerServices;

namespace SupportBot.Client.Extensions.Tests.Infrastructure;

/// <summary>Identity comparison for the tests' bookkeeping sets (.NET Framework has no <c>ReferenceEqualityComparer</c>).</summary>
internal sealed class ByReference : IEqualityComparer<object>
{
    public static readonly ByReference Instance = new();

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
}
