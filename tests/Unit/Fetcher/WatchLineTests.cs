using System.Buffers;
using System.Text;
using KubeApiExporter.Fetcher;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Fetcher;

/// <summary>The exporter parses watch lines itself (ApiRequests): events, in-stream error statuses and corrupt lines.</summary>
public sealed class WatchLineTests
{
    private static ApiRequests.WatchLine Parse(string line) =>
        ApiRequests.WatchLine.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void An_event_has_its_type_and_object()
    {
        var line = Parse("""{"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"a","resourceVersion":"7"}}}""");
        Assert.Null(line.Corrupt);
        Assert.Null(line.StatusCode);
        Assert.Equal("MODIFIED", line.Type);
        Assert.Equal("7", ObjectMetadata.ResourceVersionOf(line.Object));
    }

    [Fact]
    public void A_trailing_carriage_return_is_not_part_of_the_line()
    {
        var line = Parse("{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"9\"}}}\r");
        Assert.Null(line.Corrupt);
        Assert.Equal("BOOKMARK", line.Type);
    }

    [Fact]
    public void An_error_status_carries_its_code_and_message()
    {
        var line = Parse("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}""");
        Assert.Null(line.Corrupt);
        Assert.Equal(410, line.StatusCode);
        Assert.Equal("too old resource version: 1 (5)", line.Error);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("""{"type":"ADDED"}""")]
    [InlineData("""{"type":"ADDED","object":{"metadata":{}}""")]
    public void Anything_else_is_corrupt(string text) => Assert.NotNull(Parse(text).Corrupt);

    [Fact]
    public void Objects_nested_1000_deep_parse_as_the_API_server_accepts_them()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 990)) + "1" + new string('}', 990);
        var line = Parse("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"x\"},\"spec\":" + deep + "}}");
        Assert.Null(line.Corrupt);
    }
}
