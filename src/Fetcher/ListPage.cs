using System.Text.Json;

namespace KubeApiExporter.Fetcher;

/// <summary>
/// One parsed list page, shared by the changes of its objects. The document keeps its text and token
/// table in pooled arrays of about the page's size (~2.5 MB each at 500 pods): on the large-object
/// heap, where a page left to the GC is garbage until the next full collection. At 100k pods a re-list
/// then piled up hundreds of MB of pages before one (bench/README.md, "Re-list peak and readiness at
/// 100k"). So each change that carries an object of the page holds it, and the last release disposes
/// the document, which gives its arrays back to the pool for the next page.
/// </summary>
/// <remarks>
/// A hold that is never released (a change dropped with a stopped target's queue, a failed send)
/// only means the GC collects the page, as it did before: never a use after dispose.
/// </remarks>
public sealed class ListPage
{
    private readonly JsonDocument _document;
    // Starts with the reader's own hold, released once it has sent every object and read the metadata.
    private int _holds = 1;

    public ListPage(JsonDocument document) => _document = document;

    public JsonElement Root => _document.RootElement;

    /// <summary>True once every hold is released and the document is gone.</summary>
    public bool Released => Volatile.Read(ref _holds) == 0;

    /// <summary>One more change carries an object of this page; call before handing it on.</summary>
    public void Hold() => Interlocked.Increment(ref _holds);

    /// <summary>Done with the page's object (rendered, or dropped unread); the last release disposes the document.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _holds);
        if (left == 0)
            _document.Dispose();
        else if (left < 0)
            throw new InvalidOperationException("a list page was released more often than held");
    }
}
