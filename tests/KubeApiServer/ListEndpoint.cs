using System.Text.Json;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// GET of a collection without watch: a {Kind}List whose items carry no kind/apiVersion
/// (exactly as the real server writes them), with limit/continue paging and
/// metadata.remainingItemCount. Streamed, so a list of thousands of pods is not buffered.
/// </summary>
internal sealed class ListEndpoint(ObjectStore store)
{
    public async Task HandleAsync(HttpContext context, ResourceType resource, ObjectFilter filter)
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], out var l) ? l : 0;
        var token = query["continue"].ToString() is { Length: > 0 } c ? ContinueToken.Decode(c) : null;
        var page = store.ListPage(resource, filter, token?.ResourceVersion, token?.StartAfter, limit);

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var body = context.Response.BodyWriter;
        await using var json = new Utf8JsonWriter(body, Json.WriterOptions);
        json.WriteStartObject();
        json.WriteString("kind", resource.ListKind);
        json.WriteString("apiVersion", resource.ApiVersion);
        json.WriteStartObject("metadata");
        json.WriteString("resourceVersion", page.ResourceVersion.ToString());
        if (page.LastKey is not null)
        {
            json.WriteString("continue", ContinueToken.Create(page.ResourceVersion, page.LastKey).Encode());
            json.WriteNumber("remainingItemCount", page.RemainingItemCount);
        }
        json.WriteEndObject();
        json.WriteStartArray("items");
        foreach (var item in page.Items)
        {
            json.WriteStartObject();
            foreach (var property in item.Element.EnumerateObject())
                if (!property.NameEquals("kind") && !property.NameEquals("apiVersion"))
                    property.WriteTo(json);
            json.WriteEndObject();
            if (json.BytesPending > 64 * 1024)
            {
                await json.FlushAsync(context.RequestAborted);
                await body.FlushAsync(context.RequestAborted);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
        await body.FlushAsync(context.RequestAborted);
    }
}
