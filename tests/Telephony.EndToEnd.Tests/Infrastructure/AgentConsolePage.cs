using Microsoft.Playwright;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The agent console as an agent with only a keyboard uses it: typing, Tab and Enter, never a click. What it reads
/// is what is on the screen, found by role and label as a screen reader would.
/// </summary>
public sealed class AgentConsolePage(IPage page, int httpPort)
{
    /// <summary>Long enough for a call to go through the IVR and reach the agent.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(45);

    private const int MaxTabs = 30;

    public IPage Page => page;

    public ILocator Status => page.Locator("#status-label");

    public ILocator Phone => page.Locator("#phone");

    public ILocator Connection => page.Locator("#connection");

    public ILocator CommandError => page.Locator("#command-error");

    public ILocator CallCard => page.Locator("#call-card");

    public ILocator NoCall => page.Locator("#no-call");

    public ILocator Line => page.Locator("#call-line");

    public ILocator Queue => page.Locator("#call-queue");

    public ILocator Wait => page.Locator("#call-wait");

    public ILocator Path => page.Locator("#call-path");

    public ILocator ForAgent => page.Locator("#for-agent");

    public ILocator RecentSummary => page.Locator("#recent-summary");

    public ILocator RecentCalls => page.Locator("#recent-calls");

    public ILocator Announcer => page.Locator("#announcer");

    public ILocator Button(string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public async Task OpenAsync() => await page.GotoAsync($"http://127.0.0.1:{httpPort}/agent");

    /// <summary>The username field has the focus on arrival: type, Tab, type the password, Enter.</summary>
    public async Task LogInAsync(string sipUsername, string password)
    {
        await Assertions.Expect(page.GetByLabel("Identifiant du poste")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(sipUsername);
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Mot de passe")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(password);
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>Tabs to the button (it must be reachable and enabled) and presses Enter.</summary>
    public async Task PressAsync(string name)
    {
        var button = Button(name);
        await Assertions.Expect(button).ToBeEnabledAsync();
        for (var tabs = 0; tabs < MaxTabs; tabs++)
        {
            if (await button.EvaluateAsync<bool>("b => b === document.activeElement"))
            {
                await page.Keyboard.PressAsync("Enter");
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        throw new InvalidOperationException($"'{name}' was not reached with {MaxTabs} presses of Tab");
    }

    /// <summary>Tabs to the pause reason list, picks the reason with the arrow keys, then tabs to Pause and presses Enter.</summary>
    public async Task PauseAsync(string reasonLabel)
    {
        var select = page.GetByLabel("Motif de pause");
        await Assertions.Expect(select).ToBeEnabledAsync();
        for (var tabs = 0; tabs < MaxTabs && !await select.EvaluateAsync<bool>("s => s === document.activeElement"); tabs++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        for (var downs = 0; downs < 10 && await select.EvaluateAsync<string>("s => s.options[s.selectedIndex].text") != reasonLabel; downs++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await PressAsync("Pause");
    }
}
