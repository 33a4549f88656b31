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
    const crc = crc32(e.data);
    // The fields both headers share, from "version needed" on: 4 bytes into the local header, 6 into the central one.
    const shared = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed
      header.writeUInt16LE(8, at + 4); // method: deflate
      header.writeUInt32LE(crc, at + 10);
      header.writeUInt32LE(packed.length, at + 14);
      header.writeUInt32LE(size, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    shared(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    shared(central, 6);
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
