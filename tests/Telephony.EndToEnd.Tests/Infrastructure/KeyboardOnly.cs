using Microsoft.Playwright;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>Moves through a page as a keyboard user does: Tab to reach a field, arrows within a group of radios.</summary>
public static class KeyboardOnly
{
    private const int MaxTabs = 80;

    /// <summary>Presses Tab until <paramref name="target"/> has the focus; fails if it never gets it.</summary>
    public static async Task TabToAsync(IPage page, ILocator target)
    {
        for (var i = 0; i < MaxTabs; i++)
        {
            if (await IsFocusedAsync(target))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached {target} in {MaxTabs} presses");
    }

    /// <summary>
    /// Tabs into the group of radios called <paramref name="name"/>, then moves with the down arrow (which checks the
    /// radio it reaches) until <paramref name="target"/> is checked; Space checks the first one when it is the target.
    /// </summary>
    public static async Task ChooseRadioAsync(IPage page, string name, ILocator target)
    {
        await TabToAsync(page, page.Locator($"input[type=radio][name={name}]:focus"));
        for (var i = 0; i < MaxTabs; i++)
        {
            if (await IsFocusedAsync(target))
            {
                if (!await target.IsCheckedAsync())
                {
                    await page.Keyboard.PressAsync("Space");
                }

                Assert.True(await target.IsCheckedAsync(), $"{target} is focused but not checked");
                return;
            }

            await page.Keyboard.PressAsync("ArrowDown");
        }

        Assert.Fail($"the arrows never reached {target}");
    }

    // Selectors, not a script in the page: the tests also run pages with JavaScript disabled.
    private static async Task<bool> IsFocusedAsync(ILocator target) => await target.And(target.Page.Locator(":focus")).CountAsync() == 1;
}
