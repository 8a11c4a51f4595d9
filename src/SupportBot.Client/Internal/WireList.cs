namespace SupportBot.Client.Internal;

/// <summary>
/// How every list in a provider response is read: a missing or <c>null</c> list is empty and a <c>null</c> item is skipped
/// (no provider document gives either a meaning), so neither the SDK nor a caller of a native client meets a null where the
/// type says there is none. Used by the response models' <c>init</c> accessors.
/// </summary>
internal static class WireList
{
    public static IReadOnlyList<T> Of<T>(IReadOnlyList<T?>? items)
        where T : class
    {
        if (items is null)
        {
            return [];
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                return items.OfType<T>().ToArray();
            }
        }

        return items!;
    }
}
