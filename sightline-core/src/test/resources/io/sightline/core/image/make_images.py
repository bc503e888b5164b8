"""Writes image files with tools independent of Sightline, and what those files hold, for ExternalFilesTest.

Usage: python3 make_images.py OUTDIR [CONVERT]

MRC files come from mrcfile (CCP-EM's reference implementation), TIFF files from tifffile and, when the path
of ImageMagick's convert is given, from ImageMagick (LZW and PackBits, which tifffile cannot write without
imagecodecs), and PNG and JPEG files from ImageMagick. The data are numpy arrays from a seeded generator;
manifest.json lists each file with its header as the tool wrote it and reference planes (raw little-endian
float32, computed by numpy from what the tool stored) for full, picked and block-mean reads.
"""
import json
import os
import subprocess
import sys

import mrcfile
import numpy as np
import tifffile

out = sys.argv[1]
convert = sys.argv[2] if len(sys.argv) > 2 else None
rng = np.random.default_rng(17)
files = []

H, W = 29, 37  # odd, unequal sizes: edge blocks are partial, rows are not square


def block_mean(a, s):
    oh, ow = -(-a.shape[0] // s), -(-a.shape[1] // s)
    m = np.empty((oh, ow))
    for oy in range(oh):
        for ox in range(ow):
            m[oy, ox] = a[oy * s:(oy + 1) * s, ox * s:(ox + 1) * s].astype(np.float64).mean()
    return m


def grey(a):
    a = a.astype(np.float64)
    return a if a.ndim == 2 else (0.299 * a[..., 0] + 0.587 * a[..., 1] + 0.114 * a[..., 2] if a.shape[-1] >= 3 else a[..., 0])


def planes(name, pages, reads):
    """pages: list of 2-D (or H x W x C) arrays as stored; reads: (page, step, subsampling) to give references of."""
    refs = []
    for page, step, how in reads:
        g = grey(pages[page])
        ref = g if step == 1 else (g[::step, ::step] if how == 'sample' else block_mean(g, step))
        path = f'{name}.p{page}.s{step}.{how}.f32'
        np.asarray(ref, '<f4').tofile(os.path.join(out, path))
        refs.append({'page': page, 'step': step, 'subsampling': how, 'width': ref.shape[1], 'height': ref.shape[0],
                     'ref': path})
    return refs


def add(name, tool, fmt, pages, dtype, layout, spacing=None, details=None, reads=None, tolerance=0.0):
    first = pages[0]
    reads = reads or [(0, 1, 'sample'), (len(pages) - 1, 3, 'sample'), (len(pages) // 2, 4, 'mean')]
    files.append({'name': name, 'tool': tool, 'format': fmt, 'width': first.shape[1], 'height': first.shape[0],
                  'pages': len(pages), 'channels': 1 if first.ndim == 2 else first.shape[2], 'dtype': dtype,
                  'layout': layout, 'spacing': spacing, 'details': details or {}, 'tolerance': tolerance,
                  'planes': planes(name, pages, reads)})


def data(dtype, shape):
    dt = np.dtype(dtype)
    if dt.kind == 'f':
        return (rng.normal(size=shape) * 100).astype(dtype)
    info = np.iinfo(dt)
    return rng.integers(info.min, info.max, size=shape, endpoint=True).astype(dtype)


# ---- MRC, by mrcfile
def mrc(name, array, voxel=None, stack=False, extended=None, exttyp=None):
    path = os.path.join(out, name)
    with mrcfile.new(path, overwrite=True) as m:
        m.set_data(array)
        if stack:
            m.set_image_stack()
        if voxel is not None:
            m.voxel_size = voxel
        if extended is not None:
            m.set_extended_header(extended)
            m.header.exttyp = exttyp
    with mrcfile.open(path, permissive=False) as m:  # what the file holds, as mrcfile reads it back
        return m.data.copy(), int(m.header.mode), int(m.header.ispg), m.voxel_size.copy()


def spacing(voxel, volume):
    if voxel is None or voxel.x == 0:
        return None
    return [float(voxel.x) * 1e-10, float(voxel.y) * 1e-10, float(voxel.z) * 1e-10 if volume else None]


def mrc_case(name, dtype, shape, layout, voxel=None, order='<', **kw):
    a = data(dtype, shape).astype(np.dtype(dtype).newbyteorder(order))
    stored, mode, ispg, vox = mrc(name, a, voxel=voxel, stack=(layout == 'stack'), **kw)
    pages = [stored] if stored.ndim == 2 else [s for s in stored.reshape(-1, stored.shape[-2], stored.shape[-1])]
    add(name, 'mrcfile', 'mrc', pages, str(stored.dtype.newbyteorder('=')), layout,
        spacing(vox if voxel is not None else None, layout in ('volume', 'volume-stack')),
        {'mode': mode, 'ispg': ispg, 'byteOrder': 'big-endian' if order == '>' else 'little-endian'})


mrc_case('mode0_int8_image.mrc', 'int8', (H, W), 'image', voxel=1.5)
mrc_case('mode1_int16_stack.mrc', 'int16', (5, H, W), 'stack', voxel=(0.82, 0.82, 0.82))
mrc_case('mode2_float32_volume.mrc', 'float32', (6, H, W), 'volume', voxel=(1.1, 1.2, 1.3))
mrc_case('mode6_uint16_volume.mrc', 'uint16', (4, H, W), 'volume')
mrc_case('mode12_float16_stack.mrc', 'float16', (3, H, W), 'stack', voxel=2.0)
mrc_case('mode2_bigendian_volume.mrc', 'float32', (4, H, W), 'volume', voxel=3.0, order='>')
mrc_case('mode2_fei_extended_header.mrc', 'float32', (H, W), 'image', voxel=0.5,
         extended=np.zeros(768, dtype='V1'), exttyp=b'FEI1')
mrc_case('mode1_volume_stack.mrc', 'int16', (2, 3, H, W), 'volume-stack', voxel=1.0)


# ---- TIFF, by tifffile
def tif(name, pages, layout, spacing_=None, details=None, tolerance=0.0, **kw):
    arr = pages[0] if len(pages) == 1 else np.stack(pages)
    if len(pages) > 1 and 'imagej' not in kw:
        kw['photometric'] = 'minisblack'  # else tifffile takes a leading 3 or 4 for colour samples
    tifffile.imwrite(os.path.join(out, name), arr, **kw)
    add(name, 'tifffile', 'tiff', pages, str(pages[0].dtype.newbyteorder('=')), layout, spacing_, details,
        tolerance=tolerance)


tif('uint8_image.tif', [data('uint8', (H, W))], 'image', details={'compression': 'none'})
tif('uint16_stack.tif', [data('uint16', (H, W)) for _ in range(4)], 'stack', details={'compression': 'none'})
tif('int16_image.tif', [data('int16', (H, W))], 'image')
tif('float32_image.tif', [data('float32', (H, W))], 'image')
tif('float16_image.tif', [data('float16', (H, W))], 'image')
tif('bigendian_uint16.tif', [data('>u2', (H, W))], 'image', details={'byteOrder': 'big-endian'}, byteorder='>')
tif('deflate_uint16_stack.tif', [data('uint16', (H, W)) for _ in range(3)], 'stack',
    details={'compression': 'Deflate'}, compression='zlib')
tif('deflate_predictor_uint16.tif', [data('uint16', (H, W))], 'image',
    details={'compression': 'Deflate', 'predictor': 2}, compression='zlib', predictor=True)
tif('deflate_strips_uint8.tif', [data('uint8', (H, W))], 'image', details={'compression': 'Deflate'},
    compression='zlib', rowsperstrip=4)
tif('tiled_float32.tif', [data('float32', (H, W))], 'image', details={'chunking': 'tiles'}, tile=(16, 16))
tif('tiled_deflate_uint16.tif', [data('uint16', (H, W))], 'image', details={'chunking': 'tiles'}, tile=(16, 16),
    compression='zlib')
tif('rgb_uint8.tif', [data('uint8', (H, W, 3))], 'image', photometric='rgb', tolerance=1e-3)
tif('imagej_volume.tif', [data('float32', (H, W)) for _ in range(5)], 'volume', [0.25e-6, 0.25e-6, 0.5e-6],
    imagej=True, resolution=(4.0, 4.0), metadata={'spacing': 0.5, 'unit': 'um', 'axes': 'ZYX'})
tif('resolution_cm.tif', [data('uint16', (H, W))], 'image', [0.01 / 2000, 0.01 / 4000, None],
    resolution=(2000, 4000), resolutionunit='CENTIMETER')

# ---- TIFF, PNG and JPEG, by ImageMagick
if convert:
    def magick(name, raw_pages, depth, args, fmt, dtype, layout, ref_pages=None, spacing_=None, details=None,
               tolerance=0.0, reads=None, channels='gray', prefix=''):
        inputs = []
        for i, page in enumerate(raw_pages):
            raw = os.path.join(out, f'{name}.in{i}.raw')
            page.astype(page.dtype.newbyteorder('<')).tofile(raw)
            size = f'{page.shape[1]}x{page.shape[0]}'
            inputs += ['-size', size, '-depth', str(depth), '-endian', 'LSB', f'{channels}:{raw}']
        subprocess.run([convert, *inputs, *args, prefix + os.path.join(out, name)], check=True)
        for i in range(len(raw_pages)):
            os.remove(os.path.join(out, f'{name}.in{i}.raw'))
        add(name, 'imagemagick', fmt, ref_pages or raw_pages, dtype, layout, spacing_, details, reads, tolerance)

    u16 = data('uint16', (H, W))
    magick('lzw_predictor_uint16.tif', [u16], 16, ['-compress', 'LZW', '-define', 'tiff:predictor=2'], 'tiff',
           'uint16', 'image', details={'compression': 'LZW', 'predictor': 2})
    magick('lzw_uint8_pages.tif', [data('uint8', (H, W)) for _ in range(3)], 8, ['-compress', 'LZW'], 'tiff',
           'uint8', 'stack', details={'compression': 'LZW'})
    big = data('uint8', (300, 410))  # long enough for LZW to fill its table and start over
    magick('lzw_large_uint8.tif', [big], 8, ['-compress', 'LZW'], 'tiff', 'uint8', 'image',
           details={'compression': 'LZW'})
    magick('packbits_uint8.tif', [data('uint8', (H, W))], 8, ['-compress', 'RLE'], 'tiff', 'uint8', 'image',
           details={'compression': 'PackBits'})
    magick('deflate_float32.tif', [data('uint16', (H, W))], 16,
           ['-define', 'quantum:format=floating-point', '-depth', '32', '-compress', 'Zip',
            '-define', 'tiff:predictor=1'], 'tiff', 'float32', 'image', details={'compression': 'Deflate'})
    # ImageMagick stores floats scaled to its quantum range: the reference is what tifffile reads back
    files[-1]['planes'] = planes('deflate_float32.tif', [tifffile.imread(os.path.join(out, 'deflate_float32.tif'))],
                                 [(0, 1, 'sample'), (0, 3, 'sample'), (0, 4, 'mean')])

    magick('grey8.png', [data('uint8', (H, W))], 8, ['-density', '100', '-units', 'PixelsPerCentimeter'], 'png',
           'uint8', 'image', spacing_=[1e-4, 1e-4, None], details={'bitDepth': 8, 'colourType': 'grey'})
    magick('grey16.png', [data('uint16', (H, W))], 16, [], 'png', 'uint16', 'image',
           details={'bitDepth': 16, 'colourType': 'grey'})
    magick('rgb8.png', [data('uint8', (H, W, 3))], 8, [], 'png', 'uint8', 'image', channels='rgb',
           details={'colourType': 'rgb'}, tolerance=1e-3)
    levels = rng.choice(np.array([[10, 200, 30], [250, 5, 90], [0, 0, 0], [255, 255, 255]], 'uint8'), size=(H, W))
    magick('palette.png', [levels], 8, [], 'png', 'uint8', 'image', channels='rgb', prefix='PNG8:',
           details={'colourType': 'palette'}, tolerance=1e-3)
    smooth = (np.add.outer(np.arange(H), np.arange(W)) * 3).astype('uint8')  # smooth: JPEG keeps it closely
    magick('grey.jpg', [smooth], 8, ['-quality', '95', '-density', '300', '-units', 'PixelsPerInch'], 'jpeg',
           'uint8', 'image', spacing_=[0.0254 / 300, 0.0254 / 300, None],
           details={'process': 'baseline', 'precision': 8}, tolerance=4.0)
    magick('progressive.jpg', [np.stack([smooth] * 3, axis=-1)], 8, ['-quality', '95', '-interlace', 'JPEG', '-type', 'TrueColor'],
           'jpeg', 'uint8', 'image', channels='rgb', details={'process': 'progressive'}, tolerance=4.0)
    # CMYK JPEG: read by no ImageIO decoder, so it must be refused by name, not crash
    subprocess.run([convert, '-size', f'{W}x{H}', 'gradient:', '-colorspace', 'CMYK',
                    os.path.join(out, 'cmyk.jpg')], check=True)

json.dump({'files': files}, open(os.path.join(out, 'manifest.json'), 'w'), indent=1)
