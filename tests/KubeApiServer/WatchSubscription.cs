using System.Threading.Channels;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// One open watch. The store writes event lines into its channel while holding the store
/// lock, so lines arrive in resourceVersion order; the HTTP handler drains the channel to
/// the response. Completing the channel ends the stream cleanly.
/// </summary>
internal sealed class WatchSubscription(ResourceType resource, ObjectFilter filter)
{
    private readonly Channel<byte[]> _lines = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    public ResourceType Resource { get; } = resource;
    public ObjectFilter Filter { get; } = filter;
    public ChannelReader<byte[]> Lines => _lines.Reader;

    public void Send(byte[] line) => _lines.Writer.TryWrite(line);

    public void End() => _lines.Writer.TryComplete();
}
