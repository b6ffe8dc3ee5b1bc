using System.Globalization;
using System.Text.Json;
using NodaTime;
using Telephony.Calls.Queues;
using Telephony.Grains.Abstractions;
using Telephony.Ivr;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// What the agent's console shows for a callback: « rappel CNAV retraite demandé à 10 h 12 » (or « rendez-vous
/// téléphonique CNAV retraite de 14 h 00 »), then what the citizen told the IVR when they asked (kept with the
/// request, encrypted at rest, as JSON).
/// </summary>
public static class CallbackContext
{
    public const string Label = "Rappel";

    public static string Serialize(WaitingCaller caller) =>
        JsonSerializer.Serialize(new Stored([.. caller.ChoicesInWords], [.. caller.ForAgent.Select(i => new StoredItem(i.Label, i.Value))]));

    /// <summary>The console's view of the callback's call.</summary>
    public static AgentCallContext For(Storage.CallbackRequest callback, string queueName)
    {
        var stored = Read(callback.AgentContext);
        var headline = new CallContextItem(Label, Headline(callback, queueName));
        return new AgentCallContext(
            callback.Network,
            callback.Line,
            callback.QueueId,
            queueName,
            callback.QueuedAt,
            stored.Path,
            [headline, .. stored.Items.Select(i => new CallContextItem(i.Label, i.Value))],
            []);
    }

    /// <summary>« rappel CNAV retraite demandé à 10 h 12 », the time in Paris.</summary>
    public static string Headline(Storage.CallbackRequest callback, string queueName)
    {
        var appointment = callback.Kind == Storage.CallbackKinds.Appointment;
        var at = Instant.FromDateTimeOffset(appointment ? callback.QueuedAt : callback.RequestedAt).InZone(OpeningHours.Paris).TimeOfDay;
        var time = string.Create(CultureInfo.InvariantCulture, $"{at.Hour} h {at.Minute:00}");
        return appointment ? $"rendez-vous téléphonique {queueName} de {time}" : $"rappel {queueName} demandé à {time}";
    }

    private static Stored Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new Stored([], []);
        }

        try
        {
            return JsonSerializer.Deserialize<Stored>(json) ?? new Stored([], []);
        }
        catch (JsonException)
        {
            return new Stored([], []);
        }
    }

    private sealed record Stored(IReadOnlyList<string> Path, IReadOnlyList<StoredItem> Items);

    private sealed record StoredItem(string Label, string Value);
}
