using System.Net;
using System.Net.Sockets;

namespace Distributed.EndToEndTests;

/// <summary>
/// The fault tests' way to the shared RabbitMQ: a TCP relay on a port of its own that can die. <see cref="CutAsync"/>
/// resets every connection through it (no close handshake, as a broker killed with -9 leaves them) and refuses new ones
/// until <see cref="RestoreAsync"/>, so the fault system's hosts lose the broker exactly as in a crash: publishes
/// waiting for their confirmation, deliveries unacknowledged. The broker itself stays up for the rest of the test
/// run, which shares it. (A node of the tests' own, killed for real, timed out in <c>rabbitmqctl await_startup</c> on
/// a loaded CI machine; with this relay the same client-side bug showed in 3 of 4 runs before its fix.)
/// </summary>
public sealed class BrokerProxy(string brokerHost, int brokerPort) : IAsyncDisposable
{
    readonly Lock _lock = new();
    readonly List<Socket> _open = [];
    TcpListener? _listener;
    Task? _accepting;

    public int Port { get; } = FreePort.Next();

    public void Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _accepting = AcceptAsync(listener);
    }

    /// <summary>Every connection reset, the port closed.</summary>
    public async Task CutAsync()
    {
        _listener?.Stop();
        if (_accepting is not null)
        {
            await _accepting;
        }
        _listener = null;
        lock (_lock)
        {
            foreach (var socket in _open)
            {
                Reset(socket);
            }
            _open.Clear();
        }
    }

    /// <summary>The port open again; the hosts reconnect by themselves.</summary>
    public Task RestoreAsync()
    {
        Start();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => new(CutAsync());

    async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // cut
            }
            _ = RelayAsync(client);
        }
    }

    async Task RelayAsync(Socket client)
    {
        var broker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await broker.ConnectAsync(brokerHost, brokerPort);
        }
        catch (SocketException)
        {
            Reset(client);
            broker.Dispose();
            return;
        }
        lock (_lock)
        {
            _open.Add(client);
            _open.Add(broker);
        }
        await Task.WhenAny(CopyAsync(client, broker), CopyAsync(broker, client));
        lock (_lock)
        {
            if (_open.Remove(client) | _open.Remove(broker))
            {
                Reset(client);
                Reset(broker);
            }
        }
    }

    static async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // the other side or a cut ended it
        }
    }

    /// <summary>A close without the handshake: the peer reads "connection reset", as from a killed process.</summary>
    static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
