using System.Net;
using System.Net.Sockets;

namespace Telephony.Storage.Tests.Infrastructure;

/// <summary>TCP ports nothing listens on right now, for silos started side by side by parallel test classes.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
