using Microsoft.Playwright;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's chromium, headless, driven by Playwright (whose own browser download cannot work on an offline machine):
/// the system browser as its executable, a fresh profile per test, nothing fetched from outside.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        Context = context;
        Page = page;
    }

    public static bool IsInstalled => File.Exists(Executable);

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <param name="javaScriptEnabled">False: the page's own scripts never run (what a page that needs none must survive).</param>
    public static async Task<HeadlessChromium> LaunchAsync(bool javaScriptEnabled = true)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(TestTemp.NewDirectory("chromium-profile"), new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = Executable,
                Headless = true,
                Args = Arguments,
                Locale = "fr-FR",
                TimezoneId = "Europe/Paris",
                ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
                JavaScriptEnabled = javaScriptEnabled,
            });
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            return new HeadlessChromium(playwright, context, page);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A full-page screenshot kept with the test's binaries (artifacts/), for a person to look at; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        var path = Path.Combine(directory, $"{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
    }
}
