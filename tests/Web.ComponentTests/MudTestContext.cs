using Bunit;
using MudBlazor.Services;

namespace Web.ComponentTests;

/// <summary>A bUnit context with MudBlazor's services; its JavaScript calls are answered loosely (no browser).</summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    protected MudTestContext()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // Some MudBlazor services are only asynchronously disposable, so the container must be disposed that way.
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
