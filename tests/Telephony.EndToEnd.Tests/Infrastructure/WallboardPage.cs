using Microsoft.Playwright;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>The wallboard as a manager reads it on the wall: one card per network, found by what it shows.</summary>
public sealed class WallboardPage(IPage page, int httpPort)
{
    public IPage Page => page;

    public ILocator Connection => page.Locator("#connection");

    public ILocator Updated => page.Locator("#updated");

    /// <summary>Opens the address with the key once, as a screen is set up: the server sets a cookie and drops the key.</summary>
    public async Task OpenWithKeyAsync(string key) =>
        await page.GotoAsync($"http://127.0.0.1:{httpPort}/wallboard?key={Uri.EscapeDataString(key)}");

    public NetworkCard Network(string network) => new(page.Locator($"section.network[data-network='{network}']"));

    public sealed class NetworkCard(ILocator card)
    {
        public ILocator Card => card;

        public ILocator AgentRate => card.Locator("[data-rate='agent']");

        public ILocator AgentRateValue => card.Locator("[data-rate='agent'] .rate-value");

        public ILocator AgentStanding => card.Locator("[data-rate='agent'] .rate-standing");

        public ILocator AgentTerms => card.Locator("[data-rate='agent'] .rate-terms");

        public ILocator GlobalRateValue => card.Locator("[data-rate='global'] .rate-value");

        public ILocator GlobalStanding => card.Locator("[data-rate='global'] .rate-standing");

        public ILocator GlobalTerms => card.Locator("[data-rate='global'] .rate-terms");

        public ILocator Waiting => card.Locator(".waiting");

        public ILocator LongestWait => card.Locator(".longest-wait");

        public ILocator AgentsReady => card.Locator(".agents-ready");

        public ILocator Offered => card.Locator(".offered");

        /// <summary>A queue's row: name, waiting, longest wait, agents ready.</summary>
        public ILocator Queue(string queueId) => card.Locator($"tr[data-queue='{queueId}']");
    }
}
