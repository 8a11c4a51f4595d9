namespace SupportBot.MockServer;

/// <summary>
/// The built-in seed: the help centre of "Acme Notes" (a fictional note-taking app by Acme Inc.) and every fixture of
/// docs/contract-fixtures.md (the provider documents' own example ids and keys).
/// </summary>
internal static class DemoSeed
{
    public const string HelpCentre = "acme-help";
    public const string AgentApiKnowledgeBase = "acme-help-agentapi";

    /// <summary>The day of the documents' example conversations.</summary>
    public static readonly DateTimeOffset DocsDay = new(2024, 1, 15, 10, 30, 0, TimeSpan.Zero);

    public static IReadOnlyList<MockDocument> Articles() =>
    [
        new("doc_reset_password", "Resetting your password",
            """
            To reset your password, click "Forgot password?" on the Acme Notes sign-in page and enter your email address. The reset link is sent to your registered email within a minute.

            The password reset link is valid for 60 minutes and can be used once. If it has expired, request a new reset link from the sign-in page.

            If the reset email does not arrive, check your spam folder and make sure you typed the address you signed up with.
            """, "https://help.acme-notes.example/articles/reset-password"),
        new("doc_change_email", "Changing your email address",
            """
            To change the email address of your account, open Settings, then Account, and click "Change email". We send a confirmation link to the new address; the change takes effect once you click it.

            Your notes, notebooks and subscription stay the same when you change your email address.
            """, "https://help.acme-notes.example/articles/change-email"),
        new("doc_two_factor", "Two-factor authentication",
            """
            Two-factor authentication (2FA) adds a one-time code from an authenticator app to your sign-in. Turn it on in Settings, then Security, and scan the QR code with your authenticator app.

            Save your recovery codes when you enable 2FA. If you lose your phone, sign in with a recovery code and set up two-factor authentication again.
            """),
        new("doc_business_hours", "Business hours and contacting support",
            """
            Our business hours are Monday-Friday, 9 AM to 5 PM EST.

            You can reach the support team by email at support@acme-notes.example or through the chat on our website. We answer emails within one business day.

            Urgent issues for Business plan customers are handled around the clock through the priority support line.
            """),
        new("doc_pricing", "Pricing plans",
            """
            We offer three pricing plans: Free, Pro ($29/month), and Enterprise (custom pricing).

            The Free plan includes 3 notebooks and 100 MB of storage. Pro adds unlimited notebooks, 50 GB of storage, offline mode and version history. Enterprise adds single sign-on, audit logs and a dedicated account manager.

            Annual billing on the Pro plan costs $290 per year, two months free compared to monthly billing.
            """),
        new("doc_renewal", "Subscription renewal and billing dates",
            """
            Your subscription renews automatically on the same day each month (or each year for annual plans), the day you first subscribed. You can see your next renewal date in Settings, then Billing.

            We email a receipt after each renewal. Seven days before an annual renewal we send a reminder.
            """),
        new("doc_cancel", "Cancelling your subscription",
            """
            To cancel your subscription, open Settings, then Billing, and click "Cancel subscription". You keep Pro features until the end of the current billing period, then the account moves to the Free plan.

            Cancelling does not delete your notes. Notebooks beyond the Free plan limit become read-only until you upgrade again.
            """),
        new("doc_refunds", "Refund policy",
            """
            We offer a full refund within 14 days of your first payment, no questions asked. To request a refund, contact support with the email address of your account.

            Renewals are refundable within 7 days of the renewal date if the account has not been used since. Refunds go back to the original payment method within 5 to 10 business days.
            """),
        new("doc_payment_method", "Updating your payment method and invoices",
            """
            To update your credit card or payment method, open Settings, then Billing, and click "Update payment method". We accept Visa, Mastercard, American Express and PayPal.

            Invoices for every payment can be downloaded as PDF from Settings, then Billing, then Invoices. You can add a company name and VAT number to future invoices.
            """),
        new("doc_export", "Exporting your notes",
            """
            You can export all your notes at any time from Settings, then Data, then Export. Choose Markdown, HTML or PDF; attachments are included in a ZIP archive.

            Exports of large accounts are prepared in the background and we email you a download link, valid for 7 days.
            """),
        new("doc_import", "Importing notes from other apps",
            """
            Acme Notes imports from Evernote (ENEX files), Notion (Markdown export), OneNote and plain Markdown folders. Open Settings, then Data, then Import and pick the source app.

            Tags, creation dates and attachments are preserved during an import. Very large imports can take up to an hour.
            """),
        new("doc_offline", "Offline mode and sync",
            """
            Offline mode keeps your notebooks available without an internet connection on the desktop and mobile apps. Changes sync automatically when you are back online.

            Offline mode is part of the Pro and Enterprise plans. Choose which notebooks are kept offline in each notebook's settings.
            """),
        new("doc_sync_errors", "Troubleshooting sync errors",
            """
            If notes do not sync, first check that you are online and signed in to the same account on every device. Then open the app menu and choose "Sync now".

            A sync conflict happens when the same note changes on two devices while offline. Acme Notes keeps both versions and marks the copy as a conflict so you can merge them.

            If sync still fails, sign out and sign in again; your notes are stored safely on our servers.
            """),
        new("doc_sharing", "Sharing notebooks and collaborating",
            """
            To share a notebook, open it and click "Share", then enter your collaborators' email addresses. Choose whether they can view, comment or edit.

            Shared notebooks update in real time and show who is editing. You can stop sharing at any time from the same menu.
            """),
        new("doc_mobile", "Mobile apps for iOS and Android",
            """
            Acme Notes is available for iPhone and iPad on the App Store and for Android phones and tablets on Google Play. Sign in with the same account to see all your notes.

            The mobile apps support offline mode, the document scanner and home-screen widgets.
            """),
        new("doc_storage", "Storage limits and attachments",
            """
            The Free plan includes 100 MB of storage and Pro includes 50 GB. A single attachment can be up to 200 MB on Pro and 25 MB on Free.

            See how much storage you use in Settings, then Account. Emptying the trash frees the space used by deleted notes.
            """),
        new("doc_delete_account", "Deleting your account and data retention",
            """
            To delete your account, open Settings, then Account, and click "Delete account". Export your notes first: deletion is permanent after 30 days.

            During those 30 days you can restore the account by signing in again. After that all notes, attachments and backups are erased.
            """),
        new("doc_trash", "Recovering deleted notes",
            """
            Deleted notes go to the trash and stay there for 30 days. To recover a deleted note, open the trash, select the note and click "Restore".

            Pro and Enterprise plans also keep a version history of every note for one year, so you can restore an earlier version.
            """),
        new("doc_shortcuts", "Keyboard shortcuts",
            """
            Press Ctrl+N (Cmd+N on Mac) for a new note, Ctrl+F to search, and Ctrl+Shift+F to search all notebooks.

            Press Ctrl+/ to see the full list of keyboard shortcuts. You can customise shortcuts in Settings, then Keyboard.
            """),
        new("doc_integrations", "Integrations with Slack and Google Drive",
            """
            Connect Slack to save messages as notes and get reminders in a channel. Connect Google Drive to attach Drive files and keep them in sync.

            Manage integrations in Settings, then Integrations. Enterprise plans can restrict which integrations members may use.
            """),
        new("doc_security", "Security and encryption",
            """
            Your notes are encrypted in transit with TLS 1.3 and at rest with AES-256. Enterprise plans can enable end-to-end encryption for selected notebooks.

            Acme Inc. is SOC 2 Type II certified and runs regular third-party penetration tests.
            """),
        new("doc_privacy", "Privacy and GDPR",
            """
            We never sell your data and never use your notes to train AI models. Our privacy policy explains what we collect and why.

            Acme Notes is GDPR compliant. You can download or delete your personal data at any time, and EU customers' data is stored in Frankfurt.
            """),
        new("doc_team", "Adding team members and seats",
            """
            On Enterprise, admins add team members from the Admin console, then Members, then Invite. Each member uses one seat.

            Seats are billed monthly. Removing a member frees the seat at the next billing date; their notes can be transferred to another member.
            """),
        new("doc_api", "Developer API",
            """
            The Acme Notes API lets you create, read and search notes from your own code. Generate an API key in Settings, then Developer.

            The API allows 60 requests per minute per key. API access is included in the Pro and Enterprise plans.
            """),
    ];

    public static MockSeed Create()
    {
        var seed = new MockSeed();
        seed.AddKnowledgeBase(HelpCentre, [.. Articles()]);
        // AgentApi documents carry a URL and metadata (its document listing shows both): the article's help-centre
        // page and its slug as category.
        seed.AddKnowledgeBase(AgentApiKnowledgeBase, [.. Articles().Select(static a =>
        {
            var slug = a.Id["doc_".Length..];
            a.Url = "https://help.acme-notes.example/articles/" + slug.Replace('_', '-');
            a.Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["category"] = slug };
            return a;
        })]);
        foreach (var provider in Providers.ProviderRegistry.All)
        {
            provider.AddDemo(seed);
        }

        return seed;
    }
}
