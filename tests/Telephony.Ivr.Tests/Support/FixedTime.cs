using System.Globalization;
using NodaTime;

namespace Telephony.Ivr.Tests;

/// <summary>A clock stopped at a Paris wall-clock time (or an exact instant), so opening hours are testable.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public static FixedTime Paris(int year, int month, int day, int hour, int minute) =>
        new(new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(OpeningHours.Paris).ToInstant().ToDateTimeOffset());

    public static FixedTime Utc(string iso) => new(DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture));
}
