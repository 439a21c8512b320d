using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using StudyOperator.Sandbox.Network;

namespace StudyOperator.Sandbox.Tests.Node;

public sealed class LoopbackAddressPoolTests
{
    [Fact]
    public void The_default_pools_are_the_pod_and_service_ranges()
    {
        Assert.Equal("127.1.0.0/16", $"{LoopbackAddressPool.ForPods().Network}/{LoopbackAddressPool.ForPods().PrefixLength}");
        Assert.Equal("127.2.0.0/16", $"{LoopbackAddressPool.ForServices().Network}/{LoopbackAddressPool.ForServices().PrefixLength}");
        Assert.Equal(256 * 254, LoopbackAddressPool.ForPods().Capacity);
    }

    [Fact]
    public void Addresses_ending_in_0_or_255_are_never_handed_out()
    {
        var pool = new LoopbackAddressPool("127.1.200.0/23");

        var all = Enumerable.Range(0, pool.Capacity).Select(_ => pool.Allocate()).ToList();

        Assert.Equal(2 * 254, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.DoesNotContain(all, a => a.GetAddressBytes()[3] is 0 or 255);
        Assert.Equal(IPAddress.Parse("127.1.200.1"), all[0]);
        Assert.Throws<InvalidOperationException>(pool.Allocate);
    }

    [Fact]
    public void A_released_address_can_be_allocated_again_but_not_right_away()
    {
        var pool = new LoopbackAddressPool("127.1.200.0/24");
        var first = pool.Allocate();
        var second = pool.Allocate();

        Assert.True(pool.Release(first));
        Assert.False(pool.Release(first));
        var third = pool.Allocate();

        Assert.NotEqual(first, third);
        Assert.NotEqual(second, third);
        Assert.False(pool.IsAllocated(first));
        for (var i = 0; i < 251; i++)
        {
            pool.Allocate();
        }
        Assert.Equal(first, pool.Allocate());
    }

    [Fact]
    public void A_requested_cluster_IP_is_claimed_once()
    {
        var pool = new LoopbackAddressPool("127.2.200.0/24");
        var wanted = IPAddress.Parse("127.2.200.42");

        Assert.True(pool.TryAllocate(wanted));
        Assert.False(pool.TryAllocate(wanted));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.TryAllocate(IPAddress.Parse("127.2.201.1")));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.TryAllocate(IPAddress.Parse("127.2.200.255")));
        Assert.DoesNotContain(wanted, Enumerable.Range(0, 253).Select(_ => pool.Allocate()));
    }

    [Fact]
    public void Ranges_outside_loopback_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new LoopbackAddressPool("10.0.0.0/16"));
        Assert.Throws<ArgumentException>(() => new LoopbackAddressPool("127.1.0.0"));
    }

    [Fact]
    public async Task Concurrent_allocations_never_hand_out_an_address_twice()
    {
        var pool = new LoopbackAddressPool("127.1.0.0/16");
        var seen = new ConcurrentBag<IPAddress>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                var address = pool.Allocate();
                seen.Add(address);
                if (i % 3 == 0)
                {
                    pool.Release(address);
                }
            }
        })));

        var stillHeld = seen.Where(pool.IsAllocated).ToList();
        Assert.Equal(stillHeld.Count, stillHeld.Distinct().Count());
        Assert.Equal(pool.InUse, stillHeld.Distinct().Count());
    }

    [Fact]
    public async Task A_process_can_bind_an_allocated_loopback_address_without_configuration()
    {
        var address = new LoopbackAddressPool("127.1.200.0/24").Allocate();
        using var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        using var client = new TcpClient();
        await client.ConnectAsync(address, port);
        using var accepted = await listener.AcceptTcpClientAsync();

        Assert.Equal(address, ((IPEndPoint)accepted.Client.LocalEndPoint!).Address);
    }
}
