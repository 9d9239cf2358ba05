using ImageRecognition.Imaging;

namespace Imaging.UnitTests;

public sealed class DecodeMemoryBudgetTests
{
    [Fact]
    public async Task A_reservation_waits_until_enough_is_released()
    {
        var budget = new DecodeMemoryBudget(100);
        using var first = await budget.ReserveAsync(70);

        var second = budget.ReserveAsync(50).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();
        using var granted = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(50, granted.Bytes);
        Assert.Equal(50, budget.Available);
    }

    [Fact]
    public async Task Waiters_are_served_in_order_so_a_large_one_is_not_starved_by_small_ones()
    {
        var budget = new DecodeMemoryBudget(100);
        var held = await budget.ReserveAsync(60);

        var large = budget.ReserveAsync(80).AsTask();
        var small = budget.ReserveAsync(10).AsTask();
        await Task.Delay(50);
        // 40 are free, enough for the small one, but the large one asked first.
        Assert.False(small.IsCompleted);

        held.Dispose();
        using var largeReservation = await large.WaitAsync(TimeSpan.FromSeconds(5));
        using var smallReservation = await small.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(10, budget.Available);
    }

    [Fact]
    public async Task More_than_the_whole_budget_takes_all_of_it()
    {
        var budget = new DecodeMemoryBudget(100);

        using var all = await budget.ReserveAsync(1_000);

        Assert.Equal(100, all.Bytes);
        Assert.Equal(0, budget.Available);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_line_and_gives_nothing_away()
    {
        var budget = new DecodeMemoryBudget(100);
        var held = await budget.ReserveAsync(100);
        using var cancel = new CancellationTokenSource();

        var waiting = budget.ReserveAsync(50, cancel.Token).AsTask();
        var behind = budget.ReserveAsync(30).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        using var granted = await behind.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(70, budget.Available);
    }

    [Fact]
    public async Task Disposing_a_reservation_twice_releases_it_once()
    {
        var budget = new DecodeMemoryBudget(100);
        var reservation = await budget.ReserveAsync(40);

        reservation.Dispose();
        reservation.Dispose();

        Assert.Equal(100, budget.Available);
    }
}
