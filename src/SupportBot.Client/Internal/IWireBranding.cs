namespace SupportBot.Client.Internal;

/// <summary>The branding fields the widget providers send under the same names (AskIA branding, ChatSupport AI widget config).</summary>
internal interface IWireBranding
{
    string? PrimaryColor { get; }

    string? BackgroundColor { get; }

    string? TextColor { get; }

    string? LogoUrl { get; }

    string? Position { get; }

    string? Theme { get; }
}
