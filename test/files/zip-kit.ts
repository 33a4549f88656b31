/**
 * Test helper: builds zip archives (KMZ files) by hand, including zip bombs: one deflated entry
 * whose declared sizes may lie, so the reader's limits are tested on the bytes it really inflates.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** A zip with one entry per name; `declaredSize` overrides the uncompressed size in the headers. */
export function makeZip(entries: Array<{ name: string; data: Buffer; declaredSize?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const packed = deflateRawSync(e.data, { level: 9 });
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A KML document of `placemarks` points. */
export function kmlOf(placemarks: number): string {
  const marks = Array.from(
    { length: placemarks },
    (_, i) => `<Placemark><name>p${i}</name><Point><coordinates>${i % 180},${i % 80}</coordinates></Point></Placemark>`,
  );
  return `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${marks.join('')}</Document></kml>`;
}

/**
 * A KMZ bomb: a valid KML header, then `unpackedMb` MB of one repeated character inside a comment,
 * deflated at more than 1,000:1; its headers declare a harmless 1 KB.
 */
export function kmzBomb(unpackedMb: number): Buffer {
  const head = Buffer.from('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><!--');
  const body = Buffer.alloc(unpackedMb * 1024 * 1024, 'a');
  const tail = Buffer.from('--></Document></kml>');
  return makeZip([{ name: 'doc.kml', data: Buffer.concat([head, body, tail]), declaredSize: 1024 }]);
}
