using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// The booking page in a real headless Chromium with JavaScript disabled, used with the keyboard alone: a citizen
/// picks the service, the reason and a slot, mistypes the number (a premium number), reads the error tied to the
/// field that has the focus, corrects it, sees the confirmation with the code, and cancels from the same page after
/// a wrong number told in the same readable way.
/// </summary>
public sealed class BookingPageTests(ITestOutputHelper output)
{
    [EndToEndFact(needsChromium: true)]
    public async Task A_citizen_books_by_keyboard_alone_sees_the_code_and_cancels_and_a_bad_number_is_told_at_its_field()
    {
        await using var server = await ServerProcess.StartAsync();
        using var api = new BookingClient(server.HttpPort);
        var firstSlot = (await api.SlotsAsync("3960", "retraite"))[0];
        await using var chromium = await HeadlessChromium.LaunchAsync(javaScriptEnabled: false);
        var page = chromium.Page;
        page.SetDefaultTimeout(10_000);
        SetDefaultExpectTimeout(10_000);
        try
        {
            var response = await page.GotoAsync($"http://127.0.0.1:{server.HttpPort}/rendez-vous");
            Assert.Contains("default-src 'none'", response!.Headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("script").CountAsync());
            await Expect(page).ToHaveTitleAsync("Choisir le service – Rendez-vous téléphonique");

            // Step 1: the service, a group of radios under its legend.
            await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Quel service voulez-vous joindre ?" })).ToBeVisibleAsync();
            await KeyboardOnly.ChooseRadioAsync(page, "ligne", page.GetByLabel("Assurance retraite (CNAV) (ligne 3960)"));
            await PressButtonAsync(page, "Continuer");

            // Step 2: the reason.
            await Expect(page.Locator(".etape")).ToHaveTextAsync("Étape 2 sur 3 : le motif");
            await KeyboardOnly.ChooseRadioAsync(page, "motif", page.GetByLabel("Préparer mon départ à la retraite"));
            await PressButtonAsync(page, "Continuer");

            // Step 3: the first slot (under its day's legend), then the number: a premium number first.
            await Expect(page.Locator(".etape")).ToHaveTextAsync("Étape 3 sur 3 : le créneau et votre numéro");
            var slot = page.Locator("#creneau-0");
            await Expect(slot).ToHaveValueAsync(firstSlot.GetProperty("start").GetString()!);
            await KeyboardOnly.ChooseRadioAsync(page, "creneau", slot);
            var number = page.GetByLabel("Numéro de téléphone où vous rappeler");
            await page.Keyboard.PressAsync("Tab");
            await Expect(number).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("08 99 12 34 56");
            await page.Keyboard.PressAsync("Enter");

            // The error: in the title, in the summary, under the label, in the field's description; the field has the focus.
            await Expect(page).ToHaveTitleAsync(new Regex("^Erreur – Choisir le créneau"));
            await Expect(number).ToBeFocusedAsync();
            await Expect(number).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(number).ToHaveAccessibleDescriptionAsync(new Regex("^Erreur : Ce numéro ne peut pas être rappelé : indiquez un numéro de mobile ou de fixe en France"));
            await Expect(page.Locator(".resume-erreurs a[href='#numero']")).ToContainTextAsync("Ce numéro ne peut pas être rappelé");
            await Expect(number).ToHaveValueAsync("08 99 12 34 56");
            await Expect(slot).ToBeCheckedAsync();
            output.WriteLine($"Screenshot of the error: {await chromium.ScreenshotAsync("booking-page-error")}");

            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.TypeAsync("06 12 34 56 78");
            await page.Keyboard.PressAsync("Enter");

            // The confirmation: the slot as offered, the number as typed, and the code.
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Votre rendez-vous est confirmé", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("#creneau-confirme")).ToHaveTextAsync(firstSlot.GetProperty("text").GetString()!);
            await Expect(page.Locator(".recapitulatif")).ToContainTextAsync("06 12 34 56 78");
            var code = (await page.Locator("#code-rendez-vous").TextContentAsync())!;
            Assert.Matches("^[A-Z2-9]{6}$", code);
            output.WriteLine($"Screenshot of the confirmation: {await chromium.ScreenshotAsync("booking-page-confirmation")}");
            var existing = await api.BookAsync("3960", "retraite", "0612345678", firstSlot.GetProperty("start").GetString()!);
            Assert.Equal(200, existing.Status);
            Assert.True(existing.Json.GetProperty("existing").GetBoolean());

            // Cancel from the confirmation: a wrong number first, told at the code with the number pointing to it.
            await KeyboardOnly.TabToAsync(page, page.GetByLabel("Numéro de téléphone du rendez-vous"));
            await page.Keyboard.TypeAsync("06 12 34 56 79");
            await page.Keyboard.PressAsync("Enter");
            var codeField = page.GetByLabel("Code d'annulation");
            await Expect(page).ToHaveTitleAsync(new Regex("^Erreur – Annuler un rendez-vous"));
            await Expect(codeField).ToBeFocusedAsync();
            await Expect(codeField).ToHaveValueAsync(code);
            await Expect(codeField).ToHaveAccessibleDescriptionAsync(new Regex("^Erreur : Aucun rendez-vous en cours ne correspond à ce code et à ce numéro"));
            var cancelNumber = page.GetByLabel("Numéro de téléphone du rendez-vous");
            await Expect(cancelNumber).ToHaveAccessibleDescriptionAsync(new Regex("^Erreur : Aucun rendez-vous en cours ne correspond"));

            await page.Keyboard.PressAsync("Tab");
            await Expect(cancelNumber).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.TypeAsync("0612345678");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Votre rendez-vous est annulé", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("main")).ToContainTextAsync(firstSlot.GetProperty("text").GetString()!);
            Assert.Equal(404, (await api.CancelAsync(code, "0612345678")).Status);
        }
        catch
        {
            output.WriteLine($"Screenshot at the failure: {await chromium.ScreenshotAsync("booking-page-failure")}");
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact(needsChromium: true)]
    public async Task Submitting_a_step_without_a_choice_tells_it_at_the_group_and_focuses_its_first_radio()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var chromium = await HeadlessChromium.LaunchAsync(javaScriptEnabled: false);
        var page = chromium.Page;
        page.SetDefaultTimeout(10_000);
        SetDefaultExpectTimeout(10_000);

        await page.GotoAsync($"http://127.0.0.1:{server.HttpPort}/rendez-vous?ligne=3960&motif=retraite");
        await KeyboardOnly.TabToAsync(page, page.GetByLabel("Numéro de téléphone où vous rappeler"));
        await page.Keyboard.TypeAsync("06 12 34 56 78");
        await page.Keyboard.PressAsync("Enter");

        var group = page.GetByRole(AriaRole.Group, new() { Name = "Choisissez un créneau" });
        await Expect(page).ToHaveTitleAsync(new Regex("^Erreur – "));
        await Expect(group).ToHaveAccessibleDescriptionAsync(new Regex("^Erreur : Choisissez un créneau\\."));
        await Expect(page.Locator("#creneau-0")).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Numéro de téléphone où vous rappeler")).ToHaveValueAsync("06 12 34 56 78");
    }

    private static async Task PressButtonAsync(IPage page, string name)
    {
        await KeyboardOnly.TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = name }));
        await page.Keyboard.PressAsync("Enter");
    }
}
