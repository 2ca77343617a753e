using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace StochasticAD.Orleans;

/// <summary>Connects a client to an estimation cluster through one or more gateways.</summary>
public static class EstimationClient
{
    /// <summary>The cluster id of <c>stochad silo</c> unless told otherwise.</summary>
    public const string DefaultClusterId = "stochad";

    /// <summary>The service id of <c>stochad silo</c> unless told otherwise.</summary>
    public const string DefaultServiceId = "stochad";

    /// <summary>How long the client waits for one batch's answer before it counts the silo as failed.</summary>
    public static readonly TimeSpan BatchResponseTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Parses a gateway endpoint <c>host:port</c> (a name is resolved, IPv4 preferred).</summary>
    /// <exception cref="ArgumentException">Not host:port, a bad port, or a name that does not resolve.</exception>
    public static IPEndPoint ParseEndpoint(string hostAndPort)
    {
        ArgumentNullException.ThrowIfNull(hostAndPort);
        int colon = hostAndPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostAndPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"A cluster gateway is host:port with a port in 1..65535, but got '{hostAndPort}'.", nameof(hostAndPort));
        }

        string host = hostAndPort[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out IPAddress? address))
        {
            return new IPEndPoint(address, port);
        }

        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(host);
        }
        catch (SocketException ex)
        {
            throw new ArgumentException($"The cluster host '{host}' does not resolve: {ex.Message}", nameof(hostAndPort), ex);
        }

        IPAddress? chosen = Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
        return chosen is null
            ? throw new ArgumentException($"The cluster host '{host}' has no address.", nameof(hostAndPort))
            : new IPEndPoint(chosen, port);
    }

    /// <summary>
    /// Starts a client host connected to the gateways, retrying until <paramref name="timeout"/>.
    /// Dispose the host to disconnect; its <see cref="IClusterClient"/> is in its services.
    /// </summary>
    /// <exception cref="ClusterUnavailableException">No gateway answered within the timeout.</exception>
    public static async Task<IHost> ConnectAsync(
        IReadOnlyList<IPEndPoint> gateways, TimeSpan timeout, string clusterId = DefaultClusterId, string serviceId = DefaultServiceId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        ArgumentOutOfRangeException.ThrowIfZero(gateways.Count, nameof(gateways));
        DateTime deadline = DateTime.UtcNow + timeout;
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseStaticClustering([.. gateways])
            .Configure<ClusterOptions>(c =>
            {
                c.ClusterId = clusterId;
                c.ServiceId = serviceId;
            })

            // A batch is about 0.5 s of work, but the first one of a job is a whole block of 256 samples of
            // a model of unknown cost; a dead silo is noticed by its dropped connection, not by this timeout.
            .Configure<ClientMessagingOptions>(m => m.ResponseTimeout = BatchResponseTimeout)
            .UseConnectionRetryFilter(async (_, ct) =>
            {
                if (DateTime.UtcNow >= deadline)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
                return true;
            }));
        IHost host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            host.Dispose();
            string where = string.Join(", ", gateways.Select(g => g.ToString()));
            throw new ClusterUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"No silo answered at {where} within {timeout.TotalSeconds:0.#} s (cluster id '{clusterId}'). Start one with 'stochad silo'. ({ex.GetType().Name}: {ex.Message})"),
                ex);
        }
    }

    /// <summary>The cluster client of a host from <see cref="ConnectAsync"/>.</summary>
    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();
}
