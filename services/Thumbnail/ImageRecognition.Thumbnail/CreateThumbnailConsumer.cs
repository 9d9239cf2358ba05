using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using ImageRecognition.ServiceDefaults.Messaging;
using ImageRecognition.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Thumbnail;

/// <summary>
/// The sample's thumbnail branch: writes <c>private/{userId}/resized/{photoId}</c> and answers with its size and the
/// picture's perceptual hash, taken from the same reduced decode (no second read of the original).
/// </summary>
public sealed class CreateThumbnailConsumer(IBlobStore blobs, IOptions<ThumbnailOptions> options, OriginalDecodes decodes)
    : IConsumer<CreateThumbnail>
{
    /// <summary>What this step decodes originals for: its box's side.</summary>
    public static OriginalDecodeNeed DecodeNeed(ThumbnailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new("thumbnail", options.MaxSide);
    }

    public async Task Consume(ConsumeContext<CreateThumbnail> context)
    {
        var command = context.Message;
        using var jpeg = new MemoryStream(); // a thumbnail is a few tens of KB
        HashedThumbnail thumbnail;
        // The turn at the cores and the pixels are held while rendering only, not while the result is stored.
        using (var decoded = await decodes.DecodeAsync(DecodeNeed(options.Value), command.UserId, command.OriginalKey,
            cancellationToken => blobs.OpenRequiredContentAsync(command.OriginalKey, cancellationToken), context.CancellationToken))
        {
            thumbnail = ThumbnailRenderer.RenderWithHash(decoded.Bitmap, jpeg, options.Value);
        }

        jpeg.Position = 0;
        var key = PhotoBlobKeys.Thumbnail(command.UserId, command.PhotoId);
        await blobs.WriteAsync(key, jpeg, "image/jpeg", context.CancellationToken);
        await context.Publish(new ThumbnailCreated(command.PhotoId, command.Run, context.Attempt(),
            new ThumbnailInfo(key, thumbnail.Width, thumbnail.Height, thumbnail.PerceptualHash, ThumbnailRenderer.RenderingOf(options.Value))));
    }
}

/// <summary>Tells Albums how a thumbnail made now is rendered, so it can find the thumbnails an older renderer made.</summary>
public sealed class CurrentThumbnailRenderingConsumer(IOptions<ThumbnailOptions> options) : IConsumer<CurrentThumbnailRenderingRequested>
{
    public Task Consume(ConsumeContext<CurrentThumbnailRenderingRequested> context)
        => context.RespondAsync(new CurrentThumbnailRendering(ThumbnailRenderer.RenderingOf(options.Value)));
}

public sealed class CreateThumbnailConsumerDefinition() : CpuBoundStepDefinition<CreateThumbnailConsumer>(typeof(ImageRejectedException));
