using System.Net;
using System.Net.Sockets;

// Namespace KubeApiExporter.Tests, not .Shared: the harness resolves without a using from every test
// namespace (KubeApiExporter.Tests.*), so code written against its old home in Integration.Harness still compiles.
namespace KubeApiExporter.Tests;

/// <summary>A loopback TCP port free right now, for an exporter or a test server to listen on.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
