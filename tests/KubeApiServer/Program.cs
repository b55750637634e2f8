using System.Runtime.InteropServices;
using KubeApiExporter.KubeApiServer;
using KubeApiExporter.Tests;

// Standalone mode, for benchmarks and manual runs:
//   dotnet run --project tests/KubeApiServer -- --port 18080 [--pods N] [--deployments N] [--tls] [--verbose]
// --tls: HTTPS (self-signed) with HTTP/2, like a real API server.
// Serves the default resources with N generated objects until Ctrl+C / SIGTERM.

var port = 18080;
var pods = 0;
var deployments = 0;
var verbose = false;
var tls = false;
for (var a = 0; a < args.Length; a++)
{
    switch (args[a])
    {
        case "--port" when a + 1 < args.Length && int.TryParse(args[a + 1], out port):
        case "--pods" when a + 1 < args.Length && int.TryParse(args[a + 1], out pods):
        case "--deployments" when a + 1 < args.Length && int.TryParse(args[a + 1], out deployments):
            a++;
            break;
        case "--verbose":
            verbose = true;
            break;
        case "--tls":
            tls = true;
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[a]}'");
            Console.Error.WriteLine("usage: KubeApiExporter.KubeApiServer [--port N] [--pods N] [--deployments N] [--tls] [--verbose]");
            return 2;
    }
}

await using var server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions
{
    Port = port,
    RequestLog = verbose ? Console.WriteLine : null,
    Tls = tls,
});
for (var i = 0; i < pods; i++)
    server.Create("v1", "pods", KubeObjects.Generated.Pod(i));
for (var i = 0; i < deployments; i++)
    server.Create("apps/v1", "deployments", KubeObjects.Generated.Deployment(i));

var kubeconfig = server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), "kube-api-test-server"));
Console.WriteLine($"listening on {server.BaseUri} with {pods} pods and {deployments} deployments");
Console.WriteLine($"kubeconfig: {kubeconfig}");

var stop = new TaskCompletionSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
await stop.Task;
Console.WriteLine("stopping");
return 0;
