using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;

namespace Distributed.EndToEndTests;

/// <summary>A span as an OTLP/HTTP exporter sent it: ids in hex, attributes of string, int and bool values.</summary>
public sealed record ReceivedSpan(string ServiceName, string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A log record as sent over OTLP/HTTP; empty ids where the log had no current span.</summary>
public sealed record ReceivedLog(string ServiceName, string TraceId, string SpanId, string Body);

/// <summary>
/// What a collector would receive: an OTLP/HTTP (protobuf) endpoint in this test process that
/// keeps every span, log record and metric name the service processes export. The messages are
/// read field by field with Google.Protobuf's reader; only the fields the tests look at are kept.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    readonly HttpListener _listener = new();
    readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    readonly ConcurrentQueue<ReceivedLog> _logs = new();
    readonly ConcurrentDictionary<(string Service, string Metric), bool> _metrics = new();
    readonly Task _serving;

    public OtlpReceiver(int port)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The value for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.</summary>
    public Uri Endpoint { get; }

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];
    public IReadOnlyList<ReceivedLog> Logs => [.. _logs];
    public bool HasMetric(string service, string metric) => _metrics.ContainsKey((service, metric));

    async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return; // stopped
            }
            _ = Task.Run(() => ReceiveAsync(context));
        }
    }

    async Task ReceiveAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var path = context.Request.Url?.AbsolutePath;
        var statusCode = HttpStatusCode.OK;
        try
        {
            switch (path)
            {
                case "/v1/traces": ReadTraces(body.ToArray()); break;
                case "/v1/logs": ReadLogs(body.ToArray()); break;
                case "/v1/metrics": ReadMetrics(body.ToArray()); break;
                default: statusCode = HttpStatusCode.NotFound; break;
            }
        }
        catch (InvalidProtocolBufferException)
        {
            statusCode = HttpStatusCode.BadRequest;
        }
        context.Response.StatusCode = (int)statusCode;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.Close(); // an empty Export*ServiceResponse is an empty message
    }

    // ExportTraceServiceRequest: 1 ResourceSpans { 1 Resource, 2 ScopeSpans { 2 Span } }
    void ReadTraces(byte[] request)
    {
        foreach (var resourceSpans in Messages(request, 1))
        {
            var service = ServiceName(resourceSpans);
            foreach (var span in Messages(resourceSpans, 2).SelectMany(scope => Messages(scope, 2)))
            {
                // Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 9 attributes
                var fields = Fields(span).ToList();
                _spans.Enqueue(new ReceivedSpan(service, Hex(fields, 1), Hex(fields, 2), Hex(fields, 4),
                    Text(fields, 5), Attributes(fields.Where(f => f.Number == 9).Select(f => f.Bytes))));
            }
        }
    }

    // ExportLogsServiceRequest: 1 ResourceLogs { 1 Resource, 2 ScopeLogs { 2 LogRecord } }
    void ReadLogs(byte[] request)
    {
        foreach (var resourceLogs in Messages(request, 1))
        {
            var service = ServiceName(resourceLogs);
            foreach (var record in Messages(resourceLogs, 2).SelectMany(scope => Messages(scope, 2)))
            {
                // LogRecord: 5 body (AnyValue), 9 trace_id, 10 span_id
                var fields = Fields(record).ToList();
                var body = fields.FirstOrDefault(f => f.Number == 5).Bytes;
                _logs.Enqueue(new ReceivedLog(service, Hex(fields, 9), Hex(fields, 10), body is null ? "" : AnyValue(body)));
            }
        }
    }

    // ExportMetricsServiceRequest: 1 ResourceMetrics { 1 Resource, 2 ScopeMetrics { 2 Metric { 1 name } } }
    void ReadMetrics(byte[] request)
    {
        foreach (var resourceMetrics in Messages(request, 1))
        {
            var service = ServiceName(resourceMetrics);
            foreach (var metric in Messages(resourceMetrics, 2).SelectMany(scope => Messages(scope, 2)))
            {
                _metrics[(service, Text(Fields(metric).ToList(), 1))] = true;
            }
        }
    }

    // Resource (field 1 of every Resource*): 1 attributes
    static string ServiceName(byte[] resourceEnvelope)
    {
        var resource = Messages(resourceEnvelope, 1).FirstOrDefault();
        var attributes = resource is null ? new Dictionary<string, string>() : Attributes(Messages(resource, 1));
        return attributes.GetValueOrDefault("service.name", "");
    }

    // KeyValue: 1 key, 2 AnyValue
    static Dictionary<string, string> Attributes(IEnumerable<byte[]?> keyValues)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var keyValue in keyValues.OfType<byte[]>())
        {
            var fields = Fields(keyValue).ToList();
            var value = fields.FirstOrDefault(f => f.Number == 2).Bytes;
            attributes[Text(fields, 1)] = value is null ? "" : AnyValue(value);
        }
        return attributes;
    }

    // AnyValue: 1 string, 2 bool, 3 int64; other kinds are not needed here
    static string AnyValue(byte[] anyValue)
    {
        var field = Fields(anyValue).FirstOrDefault();
        return field.Number switch
        {
            1 => System.Text.Encoding.UTF8.GetString(field.Bytes!),
            2 => (field.Number64 != 0).ToString(),
            3 => ((long)field.Number64).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "",
        };
    }

    static IEnumerable<byte[]> Messages(byte[] message, int number)
        => Fields(message).Where(f => f.Number == number && f.Bytes is not null).Select(f => f.Bytes!);

    static string Text(List<Field> fields, int number)
        => fields.FirstOrDefault(f => f.Number == number).Bytes is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : "";

    static string Hex(List<Field> fields, int number)
        => fields.FirstOrDefault(f => f.Number == number).Bytes is { } bytes ? Convert.ToHexStringLower(bytes) : "";

    readonly record struct Field(int Number, byte[]? Bytes, ulong Number64);

    /// <summary>The top-level fields of one protobuf message: length-delimited ones as bytes, numbers as numbers.</summary>
    static IEnumerable<Field> Fields(byte[] message)
    {
        var fields = new List<Field>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.LengthDelimited: fields.Add(new Field(number, input.ReadBytes().ToByteArray(), 0)); break;
                case WireFormat.WireType.Varint: fields.Add(new Field(number, null, input.ReadUInt64())); break;
                case WireFormat.WireType.Fixed64: fields.Add(new Field(number, null, input.ReadFixed64())); break;
                case WireFormat.WireType.Fixed32: fields.Add(new Field(number, null, input.ReadFixed32())); break;
                default: input.SkipLastField(); break;
            }
        }
        return fields;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
