namespace SupportBot.Client;

/// <summary>The author of a chat message. An open set: providers may send roles this SDK does not name.</summary>
public readonly struct MessageRole : IEquatable<MessageRole>
{
    /// <summary>Creates a role from its wire value.</summary>
    /// <param name="value">The role name, e.g. <c>user</c>.</param>
    public MessageRole(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.ToLowerInvariant();
    }

    /// <summary>The end user.</summary>
    public static MessageRole User { get; } = new("user");

    /// <summary>The bot.</summary>
    public static MessageRole Assistant { get; } = new("assistant");

    /// <summary>System instructions.</summary>
    public static MessageRole System { get; } = new("system");

    /// <summary>The wire value (lower case).</summary>
    public string Value => _value ?? "user";

    private readonly string? _value;

    /// <inheritdoc />
    public bool Equals(MessageRole other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MessageRole other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether equal.</returns>
    public static bool operator ==(MessageRole left, MessageRole right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether different.</returns>
    public static bool operator !=(MessageRole left, MessageRole right) => !left.Equals(right);
}
