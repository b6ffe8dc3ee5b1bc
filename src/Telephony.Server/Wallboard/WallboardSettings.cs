namespace Telephony.Server.Wallboard;

/// <summary>The <c>Wallboard</c> configuration section: the managers' read-only wall screen at <c>/wallboard</c>.</summary>
public sealed class WallboardSettings
{
    public const string SectionName = "Wallboard";

    /// <summary>Shortest key accepted: a viewer key is a bearer secret like the admin key.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>
    /// Keys that open the wallboard and nothing else (the admin key opens it too). Give each screen or team its own,
    /// so that one can be withdrawn without the others.
    /// </summary>
    public List<string> ViewerKeys { get; set; } = [];

    /// <summary>How often the figures are read again (call records, queue and agent grains) and pushed to the screens.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the cookie set by a key in the address (<c>/wallboard?key=...</c>) lasts.</summary>
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Fails at start-up naming the key, rather than with a screen that never opens.</summary>
    public void Validate()
    {
        for (var i = 0; i < ViewerKeys.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(ViewerKeys[i]) || ViewerKeys[i].Trim().Length < MinimumKeyLength)
            {
                throw new InvalidOperationException($"Wallboard:ViewerKeys:{i} must be at least {MinimumKeyLength} characters.");
            }
        }

        if (RefreshInterval < TimeSpan.FromSeconds(1) || RefreshInterval > TimeSpan.FromMinutes(5))
        {
            throw new InvalidOperationException($"Wallboard:RefreshInterval must be from 1 s to 5 min (it is {RefreshInterval}).");
        }

        if (CookieLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Wallboard:CookieLifetime must be positive.");
        }
    }
}
