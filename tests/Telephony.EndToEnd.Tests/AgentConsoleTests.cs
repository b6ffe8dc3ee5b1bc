using System.Text;
using Microsoft.Playwright;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// An agent works a DGFiP call from the console in a real headless Chromium, with the keyboard alone: logs in, goes
/// Ready, sees the call's context arrive live (the line, the queue, the path in words and the numéro fiscal the caller
/// keyed), sees the call end into wrap-up, ends it, and on the same number's next call sees the first one's outcome.
/// The caller is sipp pressing keys by SIP INFO; the agent's desk phone is a sipp that registers and answers.
/// </summary>
public sealed class AgentConsoleTests(ITestOutputHelper output)
{
    private const string Extension = "3101";
    private const string DgfipLine = "0809401401";

    // A valid numéro fiscal (SPI): 1234567890 mod 511 = 66.
    private const string FiscalNumber = "1234567890066";

    [EndToEndFact(needsChromium: true)]
    public async Task An_agent_logs_in_goes_ready_sees_the_call_s_context_live_ends_wrap_up_and_sees_the_repeat_caller_s_first_call()
    {
        await using var server = await ServerProcess.StartAsync();
        var agentId = await server.CreateAgentAsync(Extension, "Camille Martin", ("dgfip.prelevement-source", 1), ("dgfip.paiement", 1));
        var agentVoice = await Tones.WriteAsync(1000, muLaw: false);
        var callerVoice = await Tones.WriteAsync(440, muLaw: false);
        await using var phone = SippAgentPhone.Start(
            server.SipPort, Extension, AgentSetup.Password, AgentPhoneBehaviour.AnswersThenHangsUp, agentVoice,
            answerAfter: TimeSpan.FromMilliseconds(500), talk: TimeSpan.FromSeconds(6), registeredFor: TimeSpan.FromMinutes(4));
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var console = new AgentConsolePage(chromium.Page, server.HttpPort);
        SetTimeouts(chromium.Page);
        try
        {
            await console.OpenAsync();
            await console.LogInAsync(Extension, AgentSetup.Password);
            await Expect(chromium.Page.Locator("#who")).ToHaveTextAsync("Camille Martin (poste 3101)");
            await Expect(console.Status).ToHaveTextAsync("Hors file");
            await Expect(console.Phone).ToHaveTextAsync("Téléphone enregistré.", new() { Timeout = 20_000 });
            await Expect(console.Connection).ToHaveTextAsync("Mises à jour en direct");
            await Expect(console.Button("Fin de traitement")).ToBeDisabledAsync();

            await console.PressAsync("Prêt");
            await Expect(console.Status).ToHaveTextAsync("Prêt");
            await Expect(console.Button("Prêt")).ToBeDisabledAsync();
            await console.PauseAsync("Formation");
            await Expect(console.Status).ToHaveTextAsync("En pause");
            await Expect(chromium.Page.Locator("#status-detail")).ToContainTextAsync("Formation");
            await console.PressAsync("Prêt");
            await Expect(console.Status).ToHaveTextAsync("Prêt");

            // First call: Prélèvement à la source (1), Autre question (2), then the numéro fiscal at the collect node.
            var firstCall = CallAsync(server, callerVoice, [('1', 3500), ('2', 1500), .. FiscalNumber.Select((d, i) => (d, i == 0 ? 1500 : 300))]);
            await Expect(console.CallCard).ToBeVisibleAsync(new() { Timeout = (float)AgentConsolePage.CallTimeout.TotalMilliseconds });
            await Expect(console.Line).ToHaveTextAsync($"{DgfipLine} (DGFIP)");
            await Expect(console.Queue).ToHaveTextAsync("DGFiP prélèvement à la source");
            await Expect(console.Path).ToHaveTextAsync("Prélèvement à la source → Autre question");
            await Expect(console.ForAgent).ToHaveTextAsync($"Numéro fiscal{FiscalNumber}");
            await Expect(console.RecentSummary).ToHaveTextAsync("Premier appel de ce numéro sur cette ligne depuis 7 jours.");
            await Expect(console.Announcer).ToContainTextAsync("Appel entrant : ligne 0809401401");
            await Expect(console.Status).ToHaveTextAsync("En communication");
            await Expect(console.Wait).ToContainTextAsync(" s (entré en file à ");
            await Expect(console.Button("Prêt")).ToBeDisabledAsync();
            output.WriteLine($"Screenshot of the call card: {await chromium.ScreenshotAsync("agent-console-call")}");

            // The agent's phone hangs up after its talk: wrap-up, the card still there until the agent ends it.
            await Expect(console.Status).ToHaveTextAsync("Fin de traitement en cours", new() { Timeout = 20_000 });
            await Expect(console.ForAgent).ToContainTextAsync(FiscalNumber);
            await console.PressAsync("Fin de traitement");
            await Expect(console.Status).ToHaveTextAsync("Prêt");
            await Expect(console.NoCall).ToBeVisibleAsync();
            await Expect(console.CallCard).ToBeHiddenAsync();
            var first = await firstCall;
            Assert.True(first.ExitCode == 0, $"the first call did not end with the service's BYE ({first.ExitCode}):\n{first.Output}");

            // Second call from the same number: Paiement des impôts (3), Payer ou modifier un prélèvement (1).
            var secondCall = CallAsync(server, callerVoice, [('3', 3500), ('1', 1500)]);
            await Expect(console.CallCard).ToBeVisibleAsync(new() { Timeout = (float)AgentConsolePage.CallTimeout.TotalMilliseconds });
            await Expect(console.Path).ToHaveTextAsync("Paiement des impôts → Payer ou modifier un prélèvement");
            await Expect(console.RecentSummary).ToHaveTextAsync("Ce numéro a appelé cette ligne 1 fois ces 7 derniers jours.");
            await Expect(console.RecentCalls).ToContainTextAsync(": traité par un conseiller");
            await Expect(chromium.Page.Locator("#no-for-agent")).ToBeVisibleAsync();
            output.WriteLine($"Screenshot of the repeat caller: {await chromium.ScreenshotAsync("agent-console-repeat-caller")}");
            await Expect(console.Status).ToHaveTextAsync("Fin de traitement en cours", new() { Timeout = 20_000 });
            await console.PressAsync("Fin de traitement");
            await Expect(console.Status).ToHaveTextAsync("Prêt");
            var second = await secondCall;
            Assert.True(second.ExitCode == 0, $"the second call did not end with the service's BYE ({second.ExitCode}):\n{second.Output}");

            await console.PressAsync("Déconnexion");
            await Expect(chromium.Page.GetByLabel("Identifiant du poste")).ToBeFocusedAsync();
            Assert.Equal("logged_out", await server.AgentStatusAsync(agentId));

            // Shown to the agent, never written: not in the server's output, not in any file of its data. Stopped
            // first: the call-record buffer is held open for this node alone, and every write is then flushed.
            await server.StopAsync();
            Assert.DoesNotContain(FiscalNumber, server.Output, StringComparison.Ordinal);
            foreach (var file in Directory.EnumerateFiles(server.DataDirectory, "*", SearchOption.AllDirectories))
            {
                Assert.False(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)).Contains(FiscalNumber, StringComparison.Ordinal), $"{file} holds the numéro fiscal");
            }
        }
        catch
        {
            output.WriteLine($"Screenshot at the failure: {await chromium.ScreenshotAsync("agent-console-failure")}");
            output.WriteLine(server.Output);
            output.WriteLine(phone.Output + phone.Errors);
            throw;
        }
    }

    [EndToEndFact(needsChromium: true)]
    public async Task A_wrong_password_is_told_in_french_and_the_live_updates_come_back_after_the_network_does()
    {
        await using var server = await ServerProcess.StartAsync();
        var agentId = await server.CreateAgentAsync(Extension, "Camille Martin", ("dgfip.prelevement-source", 1));
        var agentVoice = await Tones.WriteAsync(1000, muLaw: false);
        // Registered, so that a supervisor can log the agent in to its queue.
        await using var phone = SippAgentPhone.Start(
            server.SipPort, Extension, AgentSetup.Password, AgentPhoneBehaviour.AnswersAndWaits, agentVoice, answerAfter: TimeSpan.FromSeconds(1), talk: TimeSpan.Zero);
        await using var proxy = new DroppableTcpProxy(server.HttpPort);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var console = new AgentConsolePage(chromium.Page, proxy.Port);
        SetTimeouts(chromium.Page);
        try
        {
            await console.OpenAsync();
            await console.LogInAsync(Extension, "pas-le-bon-mot-de-passe");
            await Expect(chromium.Page.Locator("#login-error")).ToHaveTextAsync("Identifiant ou mot de passe incorrect.");
            await Expect(chromium.Page.GetByLabel("Mot de passe")).ToBeFocusedAsync();
            await Expect(chromium.Page.GetByLabel("Mot de passe")).ToHaveValueAsync("");

            // The focus is back in the password field: type it again and Enter.
            await chromium.Page.Keyboard.TypeAsync(AgentSetup.Password);
            await chromium.Page.Keyboard.PressAsync("Enter");
            await Expect(console.Connection).ToHaveTextAsync("Mises à jour en direct");
            await Expect(console.Phone).ToHaveTextAsync("Téléphone enregistré.", new() { Timeout = 20_000 });
            await console.PressAsync("Prêt");
            await Expect(console.Status).ToHaveTextAsync("Prêt");

            // The network drops: while it is down a supervisor logs the agent out; once it is back the stream
            // reconnects by itself and the page shows the state as it now is.
            proxy.DropAll();
            await Expect(console.Connection).ToHaveTextAsync("Connexion perdue : reconnexion en cours…");
            await server.AdminJsonAsync(HttpMethod.Post, $"/admin/agents/{agentId}/logout", """{"reason": "fin de service"}""");
            await Expect(console.Connection).ToHaveTextAsync("Mises à jour en direct", new() { Timeout = 40_000 });
            await Expect(console.Status).ToHaveTextAsync("Hors file");

            // Pushed, not polled: a supervisor's change shows up by itself.
            await server.AdminJsonAsync(HttpMethod.Post, $"/admin/agents/{agentId}/queues/dgfip.prelevement-source/login");
            await Expect(console.Status).ToHaveTextAsync("Prêt");
        }
        catch
        {
            output.WriteLine($"Screenshot at the failure: {await chromium.ScreenshotAsync("agent-console-reconnect-failure")}");
            output.WriteLine(server.Output);
            throw;
        }
    }

    /// <summary>A caller on the DGFiP line pressing keys by SIP INFO (each after its delay in ms), then waiting for the service's BYE.</summary>
    private static Task<SippRun> CallAsync(ServerProcess server, string voice, IEnumerable<(char Key, int AfterMs)> keys)
    {
        var scenario = DtmfCallScenario.Write(
            keys.Select(k => new KeyPress(k.Key, TimeSpan.FromMilliseconds(k.AfterMs), ViaSipInfo: true)).ToList(),
            TimeSpan.Zero, serviceHangsUp: true, voice: voice, byeWithin: TimeSpan.FromSeconds(60));
        return Sipp.RunScenarioAsync(scenario, DgfipLine, server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(90));
    }

    private static void SetTimeouts(IPage page)
    {
        // Expectations wait by themselves; the console's live updates take well under this on a loaded machine.
        page.SetDefaultTimeout(10_000);
        SetDefaultExpectTimeout(10_000);
    }
}
