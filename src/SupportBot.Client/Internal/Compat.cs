using System.Net;

namespace SupportBot.Client.Internal;

/// <summary>The few members .NET and .NET Framework spell differently, each written once.</summary>
internal static class Compat
{
    /// <summary>An ordinal replace (.NET Framework's two-argument <see cref="string.Replace(string, string)"/> is ordinal too).</summary>
    public static string ReplaceOrdinal(this string text, string oldValue, string newValue) =>
#if NET
        text.Replace(oldValue, newValue, StringComparison.Ordinal);
#else
        text.Replace(oldValue, newValue);
#endif

    /// <summary>Why a request failed to reach the server: .NET's <c>HttpRequestError</c>, or .NET Framework's <see cref="WebExceptionStatus"/>.</summary>
    public static string Reason(this HttpRequestException exception) =>
#if NET
        exception.HttpRequestError.ToString();
#else
        (exception.InnerException as WebException)?.Status.ToString() ?? "Unknown";
#endif

    /// <summary>A source that cancels after <paramref name="delay"/> on <paramref name="time"/>'s clock.</summary>
    public static CancellationTokenSource CancelAfter(this TimeProvider time, TimeSpan delay) =>
#if NET
        new(delay, time);
#else
        time.CreateCancellationTokenSource(delay);
#endif
}
