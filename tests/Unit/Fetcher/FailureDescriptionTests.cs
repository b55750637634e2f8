using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using KubeApiExporter.Fetcher;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Fetcher;

/// <summary>What a failed list or watch is called in logs and on the status board, and which failures mean silence.</summary>
public sealed class FailureDescriptionTests
{
    [Fact]
    public void Refused_and_reset_connections_are_named_plainly()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused));
        var reset = new HttpIOException(HttpRequestError.Unknown, "reset", new IOException("x", new SocketException((int)SocketError.ConnectionReset)));

        Assert.Equal("connection refused", FailureDescription.Of(refused));
        Assert.Equal("connection reset", FailureDescription.Of(reset));
        Assert.False(FailureDescription.IsSilence(refused));
    }

    [Fact]
    public void An_unanswered_HTTP2_ping_is_silence()
    {
        // As measured against a SIGSTOPped server: the watch's read fails with this chain.
        var e = new HttpRequestException("Error while copying content to a stream.",
            new HttpProtocolException(1, "The HTTP/2 server didn't respond to a ping request within the configured KeepAlivePingDelay.", null));

        Assert.True(FailureDescription.IsSilence(e));
        Assert.Equal("no answer to HTTP/2 pings within 10 s", FailureDescription.Of(e));
    }

    [Fact]
    public void A_connection_attempt_that_times_out_is_silence()
    {
        // SocketsHttpHandler's ConnectTimeout, e.g. a hung server that accepts TCP but never finishes TLS
        var e = new TaskCanceledException("The operation was canceled.", new TimeoutException("A connection could not be established within the configured ConnectTimeout."));

        Assert.True(FailureDescription.IsSilence(e));
        Assert.Equal("no connection within 10 s", FailureDescription.Of(e));
    }

    [Fact]
    public void Other_HTTP2_protocol_errors_are_not_silence()
    {
        var e = new HttpRequestException("x", new HttpProtocolException(2, "The HTTP/2 server reset the stream. HTTP/2 error code 'INTERNAL_ERROR' (0x2).", null));

        Assert.False(FailureDescription.IsSilence(e));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "HTTP 403 Forbidden")]
    [InlineData(HttpStatusCode.NotFound, "HTTP 404 Not Found")]
    [InlineData(HttpStatusCode.InternalServerError, "HTTP 500 Internal Server Error")]
    [InlineData((HttpStatusCode)418, "HTTP 418")]
    public void HTTP_answers_are_named_by_code_and_reason(HttpStatusCode code, string expected)
    {
        Assert.Equal(expected, FailureDescription.Http(code));
    }
}
