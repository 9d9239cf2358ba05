using ImageRecognition.Contracts;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.IO;

namespace ImageRecognition.Metadata;

/// <summary>
/// Reads what the workflow needs to know about an uploaded file, from its bytes only: the format,
/// the size from the image header (refusing files and headers over the limits before any pixel is
/// decoded) and the camera's EXIF. Bad bytes give a rejection, never an exception; exceptions that
/// do escape come from the stream itself (I/O), so the caller's retry can handle them.
/// </summary>
public sealed class PhotoMetadataReader(MetadataOptions options)
{
    /// <summary>Reads a seekable stream from its current position to its end.</summary>
    public MetadataReadResult Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
            throw new ArgumentException("The stream cannot seek, so its size is unknown; pass the file size.", nameof(stream));
        return Read(stream, stream.Length - stream.Position);
    }

    /// <summary>Reads <paramref name="fileSize"/> bytes from <paramref name="stream"/>, seeking when it can, reading forward when it cannot.</summary>
    public MetadataReadResult Read(Stream stream, long fileSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (fileSize > options.MaxFileBytes)
        {
            return MetadataReadResult.Rejected(FailureCodes.FileTooLarge,
                $"The file is {fileSize:N0} bytes; the limit is {options.MaxFileBytes:N0} bytes.");
        }

        var reader = new ImageByteReader(stream, Math.Max(fileSize, 0));
        var header = reader.PeekHeader(ImageFormatSniffer.HeaderLength);
        if (header.IsEmpty)
            return MetadataReadResult.Rejected(FailureCodes.InvalidImage, "The file is empty.");

        var format = ImageFormatSniffer.Detect(header);
        try
        {
            return format switch
            {
                ImageFormats.Jpeg => ReadJpeg(reader, fileSize),
                ImageFormats.Png => ReadPng(reader, fileSize),
                _ => ReadUnsupported(format, header, fileSize),
            };
        }
        catch (MalformedImageException malformed)
        {
            return MetadataReadResult.Rejected(FailureCodes.InvalidImage, $"Not a valid {format} image: {malformed.Message}");
        }
    }

    private MetadataReadResult ReadJpeg(ImageByteReader reader, long fileSize)
    {
        var header = JpegHeaderReader.Read(reader);
        if (RejectOversized(ImageFormats.Jpeg, header.Width, header.Height) is { } rejection)
            return rejection;

        var exif = header.ExifSegment is { } segment
            ? ParseExif(() => new ExifReader().ReadJpegSegments([new JpegSegment(JpegSegmentType.App1, segment, 0)]))
            : ExifFields.None;
        return Found(ImageFormats.Jpeg, header.Width, header.Height, fileSize, exif);
    }

    private MetadataReadResult ReadPng(ImageByteReader reader, long fileSize)
    {
        var (width, height) = PngHeaderReader.ReadImageHeader(reader);
        if (RejectOversized(ImageFormats.Png, width, height) is { } rejection)
            return rejection;

        var exifBytes = FindPngExif(reader);
        var exif = exifBytes is null
            ? ExifFields.None
            : ParseExif(() => new ExifReader().Extract(new ByteArrayReader(exifBytes)));
        return Found(ImageFormats.Png, width, height, fileSize, exif);
    }

    /// <summary>A damaged chunk after the image header costs the EXIF, not the image.</summary>
    private static byte[]? FindPngExif(ImageByteReader reader)
    {
        try
        {
            return PngHeaderReader.FindExif(reader);
        }
        catch (MalformedImageException)
        {
            return null;
        }
    }

    /// <summary>Formats the workflow refuses later: named, with the size when the first bytes state it.</summary>
    private static MetadataReadResult ReadUnsupported(string format, ReadOnlySpan<byte> header, long fileSize)
    {
        var (width, height) = HeaderDimensions.Read(format, header);
        return Found(format, width, height, fileSize, ExifFields.None);
    }

    private MetadataReadResult? RejectOversized(string format, int width, int height)
    {
        var pixels = (long)width * height;
        return pixels <= options.MaxPixels
            ? null
            : MetadataReadResult.Rejected(FailureCodes.ImageTooLarge,
                $"The {format} header declares {width}x{height} = {pixels:N0} pixels; the limit is {options.MaxPixels:N0} pixels.");
    }

    /// <summary>
    /// The EXIF parser works on bytes already in memory and sees hostile input, so any failure in it
    /// means "no EXIF", never a lost image.
    /// </summary>
    private static ExifFields ParseExif(Func<IReadOnlyList<MetadataExtractor.Directory>> parse)
    {
        try
        {
            return ExifFields.From(parse());
        }
        catch (Exception)
        {
            return ExifFields.None;
        }
    }

    private static MetadataReadResult Found(string format, int width, int height, long fileSize, ExifFields exif) =>
        MetadataReadResult.Read(new ImageMetadata(
            format,
            width,
            height,
            fileSize,
            exif.TakenAt,
            exif.CameraMake,
            exif.CameraModel,
            exif.Location?.Latitude,
            exif.Location?.Longitude,
            exif.Orientation));
}
