using Telephony.Media.Rtp;

namespace Telephony.Media.Tests;

/// <summary>A fact about the shared epoll receive threads, skipped where they do not exist (not Linux x64/arm64).</summary>
public sealed class LinuxSocketsFactAttribute : FactAttribute
{
    public LinuxSocketsFactAttribute()
    {
        if (!LinuxSockets.IsSupported)
        {
            Skip = "the shared receive threads use epoll, which only Linux has; other systems use one receive loop per socket.";
        }
    }
}
