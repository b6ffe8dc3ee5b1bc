using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// The agent console lists the agent's next callbacks and appointments, in a real headless Chromium: a caller of the
/// closed CNAV line asks for a callback through the IVR (sipp pressing 1 at the offer), a citizen books an appointment
/// through the public API while the console is open, and both appear in the list of the agent who serves
/// cnav.retraite, with their time, reason, queue and line, and the number masked; an appointment of a queue the agent
/// does not serve does not appear, and the list needs the agent's session.
/// </summary>
public sealed class AgentAgendaTests(ITestOutputHelper output)
{
    private const string Extension = "3102";
    private const string CallerNumber = "0612345678";
    private const string BookingNumber = "06 98 76 54 32";
    private const string OtherQueueNumber = "06 11 22 33 44";

    [EndToEndFact(needsChromium: true)]
    public async Task An_agent_sees_the_callback_asked_in_the_ivr_and_the_appointment_booked_online_in_their_queue_with_the_number_masked()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            // The page asks again this often: the appointment booked while it is open must show within it.
            ["AgentConsole:AgendaRefreshInterval"] = "00:00:02",
        });
        await server.CreateAgentAsync(Extension, "Camille Martin", ("cnav.retraite", 1));
        using var citizen = new BookingClient(server.HttpPort);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var console = new AgentConsolePage(chromium.Page, server.HttpPort);
        chromium.Page.SetDefaultTimeout(15_000);
        SetDefaultExpectTimeout(15_000);
        try
        {
            await RequestCallbackThroughTheIvrAsync(server);
            var otherQueue = await citizen.SlotsAsync("3960", "paiement");
            var elsewhere = await citizen.BookAsync("3960", "paiement", OtherQueueNumber, otherQueue[0].GetProperty("start").GetString()!);
            Assert.True(elsewhere.Status == 201, elsewhere.Text);

            await console.OpenAsync();
            await console.LogInAsync(Extension, AgentSetup.Password);
            var callbacks = chromium.Page.Locator("#agenda-callbacks tbody tr");
            await Expect(callbacks).ToHaveCountAsync(1);
            await Expect(callbacks.First.Locator("td").First).ToContainTextAsync("demandé ");
            await Expect(callbacks.First.Locator("td")).ToHaveTextAsync(
                new Regex[] { new(".+"), new("^Demande de rappel$"), new("^CNAV retraite$"), new("^3960$"), new(@"^\+336\*{6}78$") });
            // The cnav.paiements appointment is not this agent's.
            await Expect(chromium.Page.Locator("#no-appointments")).ToBeVisibleAsync();

            // Booked while the console is open: it arrives with the next reading of the list.
            var slots = await citizen.SlotsAsync("3960", "retraite");
            var booked = await citizen.BookAsync("3960", "retraite", BookingNumber, slots[0].GetProperty("start").GetString()!);
            Assert.True(booked.Status == 201, booked.Text);
            var appointments = chromium.Page.Locator("#agenda-appointments tbody tr");
            await Expect(appointments).ToHaveCountAsync(1);
            await Expect(appointments.First.Locator("td")).ToHaveTextAsync(
                new[] { slots[0].GetProperty("text").GetString()!, "Préparer mon départ à la retraite", "CNAV retraite", "3960", "+336******32" });
            await Expect(chromium.Page.Locator("#agenda-updated")).ToContainTextAsync("toutes les 2 secondes");
            output.WriteLine($"Screenshot of the agenda: {await chromium.ScreenshotAsync("agent-console-agenda")}");

            // Masked on the page, and in what the page received.
            var page = await chromium.Page.ContentAsync();
            foreach (var digits in new[] { "612345678", "698765432", "611223344" })
            {
                Assert.DoesNotContain(digits, page, StringComparison.Ordinal);
            }

            using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };
            var withoutSession = await anonymous.GetAsync("/agent/agenda");
            Assert.Equal(HttpStatusCode.Unauthorized, withoutSession.StatusCode);
            Assert.DoesNotContain("612345678", server.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine($"Screenshot at the failure: {await chromium.ScreenshotAsync("agent-console-agenda-failure")}");
            output.WriteLine(server.Output);
            throw;
        }
    }

    /// <summary>As in CallbackAndTransferTests: the line closed by override offers a callback, the caller presses 1, then 1 to confirm the number.</summary>
    private static async Task RequestCallbackThroughTheIvrAsync(ServerProcess server)
    {
        using (var closed = await server.AdminAsync(HttpMethod.Put, "/admin/lines/cnav/override", JsonContent.Create(new { mode = "closed", message = "formation" })))
        {
            closed.EnsureSuccessStatusCode();
        }

        // 1 at 9 s accepts the offer, 1 again confirms the caller ID read back (SIP INFO: the same RFC 4733 capture twice
        // would be one event).
        var scenario = DtmfCallScenario.Write(
            [new KeyPress('1', TimeSpan.FromSeconds(9), ViaSipInfo: true), new KeyPress('1', TimeSpan.FromSeconds(3), ViaSipInfo: true)],
            TimeSpan.Zero, serviceHangsUp: true, callerNumber: CallerNumber);
        var sipp = await Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));
        Assert.True(sipp.ExitCode == 0, $"sipp failed ({sipp.ExitCode}):\n{sipp.Output}");
    }
}
