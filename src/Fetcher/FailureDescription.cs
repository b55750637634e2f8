using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using k8s.Autorest;

namespace KubeApiExporter.Fetcher;

/// <summary>Short, human descriptions of list/watch failures, and which of them mean a silent connection.</summary>
internal static class FailureDescription
{
    public static string Of(Exception e) => e switch
    {
        SilenceException s => s.Message,
        HttpOperationException h => Http(h.Response.StatusCode),
        _ when IsUnansweredPing(e) => $"no answer to HTTP/2 pings within {KubernetesClientFactory.PingTimeout.TotalSeconds:0} s",
        _ when IsConnectTimeout(e) => $"no connection within {KubernetesClientFactory.ConnectTimeout.TotalSeconds:0} s",
        _ when Find<SocketException>(e) is { } s => s.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.ConnectionReset => "connection reset",
            SocketError.TimedOut => "connection timed out",
            SocketError.HostNotFound or SocketError.TryAgain => "host not found",
            _ => $"socket error {s.SocketErrorCode}",
        },
        _ when Find<HttpIOException>(e) is { HttpRequestError: HttpRequestError.ResponseEnded } => "connection closed mid-response",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } h => $"cannot connect: {h.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    /// <summary>
    /// The API server stopped answering on an open connection: SocketsHttpHandler aborted it after an
    /// unanswered HTTP/2 ping, a connection attempt timed out, or the watcher gave up waiting.
    /// </summary>
    public static bool IsSilence(Exception e) => e is SilenceException || IsUnansweredPing(e) || IsConnectTimeout(e);

    public static string Http(HttpStatusCode code) => code switch
    {
        HttpStatusCode.Forbidden => "HTTP 403 Forbidden",
        HttpStatusCode.NotFound => "HTTP 404 Not Found",
        HttpStatusCode.Gone => "HTTP 410 Gone",
        HttpStatusCode.TooManyRequests => "HTTP 429 Too Many Requests",
        HttpStatusCode.InternalServerError => "HTTP 500 Internal Server Error",
        HttpStatusCode.ServiceUnavailable => "HTTP 503 Service Unavailable",
        HttpStatusCode.Unauthorized => "HTTP 401 Unauthorized",
        _ => $"HTTP {(int)code}",
    };

    // .NET words it "The HTTP/2 server didn't respond to a ping request within the configured
    // KeepAlivePingDelay." (measured, .NET 10); there is no error code of its own to test.
    private static bool IsUnansweredPing(Exception e) =>
        Find<HttpProtocolException>(e) is { } p && p.Message.Contains("ping", StringComparison.OrdinalIgnoreCase);

    // SocketsHttpHandler.ConnectTimeout: no TCP or TLS handshake in time (a hung server, dropped SYNs).
    // It throws a TaskCanceledException "The operation was canceled." whose inner exception is a
    // TimeoutException (measured against a SIGSTOPped HTTPS server).
    private static bool IsConnectTimeout(Exception e) =>
        e is (OperationCanceledException or HttpRequestException) && e.InnerException is TimeoutException;

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T t)
                return t;
        }
        return null;
    }
}
