// Photo intake in the browser: a photo picked in /admin/ becomes a "master" before it is uploaded,
// by the same rule hooks/intake.py applies to photos already in the repository:
//   - turned upright from its EXIF orientation, long side at most maxSide px (never upscaled), sRGB;
//   - no metadata at all (EXIF, GPS, XMP, IPTC, ICC, comments): a canvas re-encodes the pixels only;
//   - a picture with real transparency (some alpha < 255) becomes PNG, any other becomes JPEG
//     (quality ~0.85; the name's extension becomes ".jpg" unless it was ".jpg"/".jpeg");
//   - a JPEG already within the rule is returned as it is, byte for byte, so intake can run again
//     (here or in `make anh`) without losing quality.
// A picture the browser cannot decode (HEIC outside Safari) is returned unchanged with a notice:
// `make anh`, or the publishing workflow, shrinks it later.
//
// API, usable alone (benchmarks/browser_resize.py loads only this file):
//   TinXaPhotos.master(file, {maxSide, quality}) -> Promise<{file, changed, notice, width, height}>
// It never rejects: on any failure it resolves with the original file and a notice.
(function (root) {
  "use strict";

  var DEFAULTS = { maxSide: 2048, quality: 0.85 };
  var JPEG_NAME = /\.jpe?g$/i;
  // Segments a master JPEG may carry before its scan (as hooks/intake.py): JFIF (APP0), Adobe
  // (APP14), and what decoding needs: DQT, SOFn, DHT, DAC, DRI. APP1 (EXIF, XMP), APP2 (ICC, MPF),
  // APP13 (IPTC), any other APPn or a comment (COM) makes the photo a candidate for intake.
  var DECODING_MARKERS = { 0xe0: 1, 0xee: 1, 0xdb: 1, 0xc4: 1, 0xcc: 1, 0xdd: 1 };
  var SOF_MARKERS = [0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf];
  var HEIF_BRANDS = /^(heic|heix|heim|heis|hevc|hevx|mif1|msf1|avif|avis)$/;
  var HEADER_BYTES = 256 * 1024;
  var ALPHA_BAND_PIXELS = 4 * 1024 * 1024; // transparency is checked a band of rows at a time

  function notDecodable(name) {
    return (
      "Trình duyệt này không thu nhỏ được ảnh “" + name + "” (ví dụ ảnh HEIC của iPhone mở trên máy tính) " +
      "nên ảnh được tải lên nguyên bản. Ảnh sẽ được thu nhỏ sau: khi chạy make anh, hoặc tự động khi bài được công bố."
    );
  }

  function readBytes(blob, start, end) {
    var part = blob.slice(start, end);
    if (part.arrayBuffer) {
      return part.arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
    }
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(new Uint8Array(reader.result)); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsArrayBuffer(part);
    });
  }

  function ascii(bytes, start, length) {
    return String.fromCharCode.apply(null, Array.prototype.slice.call(bytes, start, start + length));
  }

  // What the bytes are, whatever the name or the browser's guess: "jpeg", "png", "webp", "heif"
  // (HEIC, HEIF, AVIF), "gif", "bmp", "tiff", or "" for anything else (SVG, PDF, text...).
  function sniff(bytes) {
    if (bytes.length < 12) return "";
    if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
    if (bytes[0] === 0x89 && ascii(bytes, 1, 3) === "PNG") return "png";
    if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return "webp";
    if (ascii(bytes, 4, 4) === "ftyp" && HEIF_BRANDS.test(ascii(bytes, 8, 4))) return "heif"; // not MP4, MOV
    if (ascii(bytes, 0, 4) === "GIF8") return "gif";
    if (ascii(bytes, 0, 2) === "BM") return "bmp";
    if (ascii(bytes, 0, 4) === "II*\0" || ascii(bytes, 0, 4) === "MM\0*") return "tiff";
    return "";
  }

  // A JPEG's header up to its first scan: {clean, width, height, components}; clean is false as
  // soon as a segment outside DECODING_MARKERS appears, or the header is cut short.
  function jpegHeader(bytes) {
    var info = { clean: true, width: 0, height: 0, components: 0 };
    var at = 2;
    while (at + 4 <= bytes.length) {
      if (bytes[at] !== 0xff) return { clean: false };
      var marker = bytes[at + 1];
      if (marker === 0xff) { at += 1; continue; } // fill byte
      if (marker === 0xda) return info.width ? info : { clean: false }; // SOS: the header is complete
      var length = (bytes[at + 2] << 8) | bytes[at + 3];
      if (SOF_MARKERS.indexOf(marker) >= 0) {
        if (at + 10 > bytes.length) return { clean: false };
        info.height = (bytes[at + 5] << 8) | bytes[at + 6];
        info.width = (bytes[at + 7] << 8) | bytes[at + 8];
        info.components = bytes[at + 9];
      } else if (!DECODING_MARKERS[marker]) {
        info.clean = false;
      }
      if (!info.clean) return info;
      at += 2 + length;
    }
    return { clean: false };
  }

  // Whether the file ends with EOI: motion photos append a video after the picture.
  function endsCleanly(file) {
    return readBytes(file, Math.max(0, file.size - 16), file.size).then(function (tail) {
      var end = tail.length;
      while (end > 0 && tail[end - 1] === 0) end -= 1;
      return end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9;
    });
  }

  // Can this picture have see-through pixels at all? Only then are its pixels checked.
  function mayHaveAlpha(kind, bytes) {
    if (kind === "jpeg") return false;
    if (kind === "png") {
      var colour = bytes[25]; // IHDR colour type: 4 grey + alpha, 6 RGBA; 0, 2, 3 only with tRNS
      if (colour === 4 || colour === 6) return true;
      for (var at = 8; at + 8 <= bytes.length; ) {
        var length = ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
        var type = ascii(bytes, at + 4, 4);
        if (type === "tRNS") return true;
        if (type === "IDAT" || type === "IEND") return false;
        at += 12 + length;
      }
      return true; // a header too long to read: check the pixels
    }
    if (kind === "webp") {
      var chunk = ascii(bytes, 12, 4);
      if (chunk === "VP8 ") return false; // simple lossy: never transparent
      if (chunk === "VP8X") return (bytes[20] & 0x10) !== 0; // the alpha flag
      return true; // lossless: check
    }
    return true;
  }

  function newCanvas(width, height) {
    if (typeof OffscreenCanvas === "function") return new OffscreenCanvas(width, height);
    var canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    return canvas;
  }

  function encode(canvas, type, quality) {
    if (canvas.convertToBlob) return canvas.convertToBlob({ type: type, quality: quality });
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (blob) {
        if (blob) resolve(blob);
        else reject(new Error("canvas.toBlob gave nothing"));
      }, type, quality);
    });
  }

  // A canvas JPEG without the segments a master may not carry. Chromium (156 at least) writes
  // Skia's sRGB ICC profile in APP2: the pixels are sRGB already, which is what an untagged JPEG
  // means, so dropping it changes no pixel and keeps `make anh` from re-encoding the master.
  function withoutMetadata(blob) {
    return readBytes(blob, 0, blob.size).then(function (bytes) {
      var kept = [bytes.subarray(0, 2)];
      var at = 2;
      while (at + 4 <= bytes.length && bytes[at] === 0xff && bytes[at + 1] !== 0xda) {
        var end = at + 2 + ((bytes[at + 2] << 8) | bytes[at + 3]);
        var marker = bytes[at + 1];
        if (DECODING_MARKERS[marker] || SOF_MARKERS.indexOf(marker) >= 0) kept.push(bytes.subarray(at, end));
        at = end;
      }
      if (at + 4 > bytes.length || bytes[at] !== 0xff) throw new Error("unexpected JPEG from the canvas");
      kept.push(bytes.subarray(at));
      return new Blob(kept, { type: "image/jpeg" });
    });
  }

  // The picture decoded and turned upright: {image, width, height, close()}.
  function decode(file) {
    if (typeof createImageBitmap === "function") {
      return createImageBitmap(file, { imageOrientation: "from-image" }).then(
        function (bitmap) {
          return { image: bitmap, width: bitmap.width, height: bitmap.height, close: function () { bitmap.close(); } };
        },
        function () { return decodeWithImg(file); } // some browsers decode more through <img>
      );
    }
    return decodeWithImg(file);
  }

  function decodeWithImg(file) {
    if (typeof document === "undefined") return Promise.reject(new Error("no decoder"));
    var url = URL.createObjectURL(file);
    var img = new Image();
    img.style.imageOrientation = "from-image";
    var loaded = new Promise(function (resolve, reject) {
      img.onload = resolve;
      img.onerror = function () { reject(new Error("not decodable")); };
    });
    img.src = url;
    return loaded.then(
      function () {
        if (!img.naturalWidth || !img.naturalHeight) throw new Error("not decodable");
        return { image: img, width: img.naturalWidth, height: img.naturalHeight, close: function () { URL.revokeObjectURL(url); } };
      },
      function (error) {
        URL.revokeObjectURL(url);
        throw error;
      }
    );
  }

  // Some pixel see-through? Checked at full size, a band of rows at a time, as Pillow would.
  function transparent(picture) {
    var width = picture.width;
    var rows = Math.max(1, Math.min(picture.height, Math.floor(ALPHA_BAND_PIXELS / width)));
    var canvas = newCanvas(width, rows);
    var context = canvas.getContext("2d", { willReadFrequently: true });
    for (var top = 0; top < picture.height; top += rows) {
      var band = Math.min(rows, picture.height - top);
      context.clearRect(0, 0, width, rows);
      context.drawImage(picture.image, 0, top, width, band, 0, 0, width, band);
      var data = context.getImageData(0, 0, width, band).data;
      for (var i = 3; i < data.length; i += 4) {
        if (data[i] < 255) return true;
      }
    }
    return false;
  }

  // The master's name: its own for a JPEG or a PNG that stays one, else the extension changes.
  function renamed(name, type) {
    if (type === "image/png" ? /\.png$/i.test(name) : JPEG_NAME.test(name)) return name;
    var dot = name.lastIndexOf(".");
    return (dot > 0 ? name.slice(0, dot) : name) + (type === "image/png" ? ".png" : ".jpg");
  }

  function options(given) {
    given = given || {};
    var maxSide = Math.floor(Number(given.maxSide));
    var quality = Number(given.quality);
    return {
      maxSide: maxSide > 0 ? maxSide : DEFAULTS.maxSide,
      quality: quality > 0 && quality <= 1 ? quality : DEFAULTS.quality,
    };
  }

  function unchanged(file, notice) {
    return { file: file, changed: false, notice: notice || "", width: 0, height: 0 };
  }

  function master(file, given) {
    var settings = options(given);
    var name = file.name || "anh";
    return readBytes(file, 0, HEADER_BYTES)
      .then(function (bytes) {
        var kind = sniff(bytes);
        if (!kind) return unchanged(file); // not a picture we publish (SVG, PDF...): the build says so
        if (kind === "jpeg" && JPEG_NAME.test(name)) {
          var header = jpegHeader(bytes);
          var fits = Math.max(header.width, header.height) <= settings.maxSide;
          if (header.clean && fits && (header.components === 1 || header.components === 3)) {
            return endsCleanly(file).then(function (clean) {
              if (!clean) return remaster(file, name, kind, bytes, settings);
              var result = unchanged(file);
              result.width = header.width;
              result.height = header.height;
              return result;
            });
          }
        }
        return remaster(file, name, kind, bytes, settings);
      })
      .catch(function () { return unchanged(file, notDecodable(name)); });
  }

  function remaster(file, name, kind, bytes, settings) {
    return decode(file).then(function (picture) {
      try {
        var scale = Math.min(1, settings.maxSide / Math.max(picture.width, picture.height));
        var width = Math.max(1, Math.round(picture.width * scale));
        var height = Math.max(1, Math.round(picture.height * scale));
        var png = mayHaveAlpha(kind, bytes) && transparent(picture);
        var canvas = newCanvas(width, height);
        var context = canvas.getContext("2d");
        if (!png) {
          context.fillStyle = "#fff"; // JPEG has no alpha: an (unseen) edge pixel is white, not black
          context.fillRect(0, 0, width, height);
        }
        context.imageSmoothingEnabled = true;
        context.imageSmoothingQuality = "high";
        context.drawImage(picture.image, 0, 0, width, height);
        var type = png ? "image/png" : "image/jpeg";
        var encoded = encode(canvas, type, png ? undefined : settings.quality);
        return (png ? encoded : encoded.then(withoutMetadata)).then(function (blob) {
          var out = new File([blob], renamed(name, type), { type: type, lastModified: file.lastModified || Date.now() });
          return { file: out, changed: true, notice: "", width: width, height: height };
        });
      } finally {
        picture.close();
      }
    });
  }

  root.TinXaPhotos = { master: master, defaults: DEFAULTS, notDecodable: notDecodable };
})(typeof self !== "undefined" ? self : this);
