using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubeApiExporter.Configuration;

/// <summary>
/// A minimal YAML node tree that keeps every node's position and, unlike YamlStream, keeps duplicate
/// mapping keys (so that all of them can be reported rather than the first throwing).
/// </summary>
internal abstract class YNode
{
    protected YNode(Mark start) => Start = start;
    public Mark Start { get; }
    public int Line => (int)Start.Line;
    public int Column => (int)Start.Column;
    /// <summary>Short description for type errors: "a list", "a mapping", "'abc'".</summary>
    public abstract string Describe();
}

internal sealed class YScalar(Mark start, string value, ScalarStyle style, bool plainImplicit) : YNode(start)
{
    public string Value { get; } = value;
    public ScalarStyle Style { get; } = style;

    /// <summary>Plain <c>~</c>, <c>null</c> or nothing at all (<c>key:</c>).</summary>
    public bool IsNull => Style == ScalarStyle.Plain && plainImplicit
        && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "nothing (null)" : $"'{Value}'";
}

internal sealed class YSequence(Mark start) : YNode(start)
{
    public List<YNode> Items { get; } = [];
    public override string Describe() => "a list";
}

internal sealed class YMapping(Mark start) : YNode(start)
{
    public List<KeyValuePair<YNode, YNode>> Entries { get; } = [];
    public override string Describe() => "a mapping";
}

/// <summary>Thrown by <see cref="YamlTree.Load"/> for input that is not valid YAML.</summary>
internal sealed class YamlSyntaxProblem(int line, int column, string message) : Exception(message)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}

internal static class YamlTree
{
    /// <summary>Parses every document of <paramref name="text"/>; throws <see cref="YamlSyntaxProblem"/> on invalid YAML.</summary>
    public static List<YNode> Load(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
        var documents = new List<YNode>();
        var last = Mark.Empty;
        var openFlows = new Stack<Mark>();
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                documents.Add(ReadNode(parser, anchors, openFlows, ref last));
                parser.Consume<DocumentEnd>();
            }
        }
        catch (YamlException e)
        {
            var msg = e.Message == "Exception during deserialization" && e.InnerException is not null
                ? e.InnerException.Message : e.Message;
            throw new YamlSyntaxProblem((int)e.Start.Line, (int)e.Start.Column, msg);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet#541: an unclosed flow collection ("[a, b" or "{a: b") surfaces as a bare
            // InvalidOperationException without a position; report where parsing got to.
            var at = openFlows.Count > 0 ? openFlows.Peek() : last;
            throw new YamlSyntaxProblem(Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column),
                "unexpected end of a [list] or {mapping}: a '[' or '{' is not closed");
        }
        return documents;
    }

    private static YNode ReadNode(IParser parser, Dictionary<string, YNode> anchors, Stack<Mark> openFlows, ref Mark last)
    {
        var current = parser.Current ?? throw new InvalidOperationException("unexpected end of input");
        last = current.Start;
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (anchors.TryGetValue(alias.Value.Value, out var target))
                    return target;
                throw new YamlSyntaxProblem((int)alias.Start.Line, (int)alias.Start.Column,
                    $"alias '*{alias.Value.Value}' refers to no anchor '&{alias.Value.Value}' defined before it");
            case Scalar s:
            {
                parser.MoveNext();
                var node = new YScalar(s.Start, s.Value, s.Style, s.IsPlainImplicit);
                if (!s.Anchor.IsEmpty) anchors[s.Anchor.Value] = node;
                return node;
            }
            case SequenceStart ss:
            {
                parser.MoveNext();
                var node = new YSequence(ss.Start);
                if (!ss.Anchor.IsEmpty) anchors[ss.Anchor.Value] = node;
                if (ss.Style == SequenceStyle.Flow) openFlows.Push(ss.Start);
                while (!parser.TryConsume<SequenceEnd>(out _))
                    node.Items.Add(ReadNode(parser, anchors, openFlows, ref last));
                if (ss.Style == SequenceStyle.Flow) openFlows.Pop();
                return node;
            }
            case MappingStart ms:
            {
                parser.MoveNext();
                var node = new YMapping(ms.Start);
                if (!ms.Anchor.IsEmpty) anchors[ms.Anchor.Value] = node;
                if (ms.Style == MappingStyle.Flow) openFlows.Push(ms.Start);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, anchors, openFlows, ref last);
                    var value = ReadNode(parser, anchors, openFlows, ref last);
                    node.Entries.Add(new(key, value));
                }
                if (ms.Style == MappingStyle.Flow) openFlows.Pop();
                return node;
            }
            default:
                throw new YamlSyntaxProblem((int)current.Start.Line, (int)current.Start.Column,
                    $"unexpected {current.GetType().Name}");
        }
    }
}
