using System.Net;
using System.Net.Sockets;

namespace StudyOperator.Sandbox.Network;

/// <summary>
/// Hands out loopback addresses from a CIDR inside 127.0.0.0/8: pod IPs from 127.1.0.0/16 and service
/// cluster IPs from 127.2.0.0/16. On Linux the whole 127.0.0.0/8 is routed to <c>lo</c>, so a process can
/// bind any of these addresses without configuring an interface.
/// </summary>
/// <remarks>
/// Host parts ending in .0 and .255 are skipped so no address looks like a network or broadcast address.
/// Allocation is next-fit (it continues after the last address handed out and wraps around), as the
/// host-local IPAM plugin does, so a just-released address is not immediately reused by the next pod.
/// </remarks>
internal sealed class LoopbackAddressPool
{
    private readonly uint _first;
    private readonly uint _count;
    private readonly HashSet<uint> _used = [];
    private readonly Lock _gate = new();
    private uint _next;

    public LoopbackAddressPool(string cidr)
    {
        (Network, PrefixLength) = ParseCidr(cidr);
        _first = ToUInt(Network);
        _count = 1u << (32 - PrefixLength);
    }

    /// <summary>Pod IPs: 127.1.0.0/16.</summary>
    public static LoopbackAddressPool ForPods() => new("127.1.0.0/16");

    /// <summary>Service cluster IPs: 127.2.0.0/16.</summary>
    public static LoopbackAddressPool ForServices() => new("127.2.0.0/16");

    public IPAddress Network { get; }

    public int PrefixLength { get; }

    /// <summary>How many addresses the pool can hand out in total.</summary>
    public int Capacity
    {
        get
        {
            var usable = 0;
            for (uint i = 0; i < _count; i++)
            {
                if (IsUsable(_first + i))
                {
                    usable++;
                }
            }
            return usable;
        }
    }

    public int InUse
    {
        get
        {
            lock (_gate)
            {
                return _used.Count;
            }
        }
    }

    /// <summary>
    /// Continues allocation from a random address, so that several sandboxes on one machine (parallel test
    /// classes, other test runs) rarely hand out the same loopback address and clash on bind.
    /// </summary>
    public void StartAtRandom()
    {
        lock (_gate)
        {
            _next = (uint)Random.Shared.NextInt64(_count);
        }
    }

    /// <summary>Allocates the next free address; throws when the range is exhausted.</summary>
    public IPAddress Allocate()
    {
        lock (_gate)
        {
            for (uint step = 0; step < _count; step++)
            {
                var candidate = _first + ((_next + step) % _count);
                if (IsUsable(candidate) && _used.Add(candidate))
                {
                    _next = (candidate - _first + 1) % _count;
                    return FromUInt(candidate);
                }
            }
        }
        throw new InvalidOperationException($"No free address left in {Network}/{PrefixLength}.");
    }

    /// <summary>
    /// Claims a specific address, as when a Service is created with <c>spec.clusterIP</c> set.
    /// Returns false when it is already taken; throws when it is outside the range or not usable.
    /// </summary>
    public bool TryAllocate(IPAddress address)
    {
        if (!Contains(address) || !IsUsable(ToUInt(address)))
        {
            throw new ArgumentOutOfRangeException(nameof(address), address, $"The address is not in the range {Network}/{PrefixLength} or ends in .0/.255.");
        }
        lock (_gate)
        {
            return _used.Add(ToUInt(address));
        }
    }

    /// <summary>Returns an address to the pool; releasing an address that is not allocated is a no-op.</summary>
    public bool Release(IPAddress address)
    {
        if (!Contains(address))
        {
            return false;
        }
        lock (_gate)
        {
            return _used.Remove(ToUInt(address));
        }
    }

    public bool IsAllocated(IPAddress address)
    {
        if (!Contains(address))
        {
            return false;
        }
        lock (_gate)
        {
            return _used.Contains(ToUInt(address));
        }
    }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && ToUInt(address) - _first < _count;

    private static bool IsUsable(uint value) => (value & 0xFF) is not (0 or 255);

    private static (IPAddress Network, int PrefixLength) ParseCidr(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !IPAddress.TryParse(cidr.AsSpan(0, slash), out var address)
            || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(cidr.AsSpan(slash + 1), out var prefix)
            || prefix is < 8 or > 30)
        {
            throw new ArgumentException($"'{cidr}' is not an IPv4 CIDR with a prefix between /8 and /30.", nameof(cidr));
        }
        var mask = uint.MaxValue << (32 - prefix);
        var network = ToUInt(address) & mask;
        if (network >> 24 != 127)
        {
            throw new ArgumentException($"'{cidr}' is not inside 127.0.0.0/8; the sandbox only uses loopback addresses.", nameof(cidr));
        }
        return (FromUInt(network), prefix);
    }

    private static uint ToUInt(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
    }

    private static IPAddress FromUInt(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
