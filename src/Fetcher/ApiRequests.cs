using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using k8s;

namespace KubeApiExporter.Fetcher;

/// <summary>
/// List and watch requests sent on the client's own <see cref="HttpClient"/> (<see cref="KubernetesRequests"/>),
/// answers parsed straight from the response stream. KubernetesClient's generic operations deserialise each list page synchronously
/// from the network stream into a <see cref="JsonElement"/> (blocking a thread-pool thread per page and
/// re-scanning the growing buffer), and each watch line twice from a UTF-16 string; a start-up trace
/// put that at a large share of the first list's CPU.
/// </summary>
internal sealed class ApiRequests
{
    private static readonly JsonDocumentOptions s_json = new() { MaxDepth = KubernetesClientFactory.MaxJsonDepth };

    private readonly KubernetesRequests _requests;

    private ApiRequests(KubernetesRequests requests) => _requests = requests;

    public static ApiRequests For(IKubernetes client) => new(KubernetesRequests.For(client));

    /// <summary>One list page as a parsed document, held by its reader until released (see <see cref="ListPage"/>).</summary>
    public async Task<ListPage> ListPageAsync(WatchTarget target, string? continueToken, int limit, CancellationToken ct)
    {
        var query = new QueryBuilder();
        query.Add("continue", continueToken);
        query.Add("fieldSelector", NullIfEmpty(target.FieldSelector));
        query.Add("labelSelector", NullIfEmpty(target.LabelSelector));
        query.Add("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await GetAsync(PathOf(target) + query, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        return new ListPage(await JsonDocument.ParseAsync(body, s_json, ct));
    }

    /// <summary>Starts a watch; the caller reads its lines with <see cref="WatchLines"/> and disposes the response.</summary>
    public Task<HttpResponseMessage> WatchAsync(WatchTarget target, string resourceVersion, int timeoutSeconds, CancellationToken ct)
    {
        var query = new QueryBuilder();
        query.Add("allowWatchBookmarks", "true");
        query.Add("fieldSelector", NullIfEmpty(target.FieldSelector));
        query.Add("labelSelector", NullIfEmpty(target.LabelSelector));
        query.Add("resourceVersion", resourceVersion);
        query.Add("timeoutSeconds", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        query.Add("watch", "true");
        return GetAsync(PathOf(target) + query, ct);
    }

    /// <summary>The parsed lines of a watch stream, one JSON document each, until the server ends it.</summary>
    public static async IAsyncEnumerable<WatchLine> WatchLines(HttpResponseMessage response,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(ct);
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    yield return WatchLine.Parse(line);
                }
                if (read.IsCompleted)
                {
                    // A last line without its newline is still a line (as StreamReader.ReadLine has it).
                    if (!buffer.IsEmpty)
                        yield return WatchLine.Parse(buffer);
                    yield break;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private Task<HttpResponseMessage> GetAsync(string relativeUri, CancellationToken ct) =>
        _requests.SendAsync(HttpMethod.Get, relativeUri, null, ct);

    /// <summary>KubernetesClient's paths: the core group under api/, the others under apis/GROUP/.</summary>
    private static string PathOf(WatchTarget target)
    {
        var s = new StringBuilder(target.Group.Length == 0 ? "api/" : $"apis/{Uri.EscapeDataString(target.Group)}/");
        s.Append(Uri.EscapeDataString(target.Version)).Append('/');
        if (target.Namespace is not null)
            s.Append("namespaces/").Append(Uri.EscapeDataString(target.Namespace)).Append('/');
        return s.Append(Uri.EscapeDataString(target.Plural)).ToString();
    }

    private static string? NullIfEmpty(string s) => string.IsNullOrEmpty(s) ? null : s;

    private sealed class QueryBuilder
    {
        private readonly StringBuilder _s = new();

        public void Add(string key, string? value)
        {
            if (value is null)
                return;
            _s.Append(_s.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        public override string ToString() => _s.ToString();
    }

    /// <summary>
    /// One line of a watch stream: an event (type and object), an error status the server sent in the
    /// stream (KubernetesClient's KubernetesException: code and message), or a line that is not a watch
    /// event at all (corrupt).
    /// </summary>
    public readonly record struct WatchLine(string? Type, JsonElement Object, int? StatusCode, string? Error, string? Corrupt)
    {
        public static WatchLine Parse(in ReadOnlySequence<byte> line)
        {
            // The document owns its bytes: the object outlives the pipe's buffer.
            var bytes = line.ToArray();
            var length = bytes.Length;
            if (length > 0 && bytes[length - 1] == (byte)'\r')
                length--;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes.AsMemory(0, length), s_json);
            }
            catch (JsonException e)
            {
                return new WatchLine(null, default, null, null, e.Message);
            }
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object)
                return new WatchLine(null, default, null, null, "a watch line that is not an event (no type and object)");
            if (obj.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.ValueEquals("Status"))
            {
                int? code = obj.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : null;
                var message = obj.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                return new WatchLine(type.GetString(), obj, code, message ?? $"watch error status {code}", null);
            }
            return new WatchLine(type.GetString(), obj, null, null, null);
        }
    }
}
