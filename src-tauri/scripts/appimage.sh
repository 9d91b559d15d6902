#!/usr/bin/env bash
# Builds the AppImage from the .deb's folder that `tauri bundle --bundles deb` laid out: the
# AppImage runtime (built here from src-tauri/packaging/appimage, see its README) followed by a
# SquashFS of an AppDir holding the same binary, desktop entry and icons as the .deb.
# Usage: appimage.sh TARGET_DIR  (the cargo target folder holding release/bundle/deb/)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
target=$1
sources="$root/src-tauri/packaging/appimage"
say() { printf '\033[1mappimage:\033[0m %s\n' "$*"; }

# The runtime needs only the C library: squashfuse, libfuse3 and the compressors are linked in.
runtime="$target/appimage-runtime/runtime"
if [ ! -x "$runtime" ] || [ -n "$(find "$sources" -newer "$runtime" -type f)" ]; then
  say "building the AppImage runtime"
  mkdir -p "$(dirname "$runtime")"
  gcc -std=gnu99 -Os -D_FILE_OFFSET_BITS=64 -DGIT_COMMIT='"caf24f9"' \
    -T "$sources/data_sections.ld" -ffunction-sections -fdata-sections -Wl,--gc-sections \
    -I"$sources" -I/usr/include/squashfuse -I/usr/include/fuse3 \
    "$sources/runtime.c" -o "$runtime" \
    -Wl,-Bstatic -lsquashfuse_ll -lsquashfuse -lfuse3 -lzstd -lz -llzma -llz4 -llzo2 -Wl,-Bdynamic
  strip --strip-unneeded "$runtime"
  # The type-2 magic in the ELF header's padding, written after stripping, as upstream does.
  printf 'AI\002' | dd of="$runtime" bs=1 count=3 seek=8 conv=notrunc status=none
fi

deb_root=$(ls -d "$target"/release/bundle/deb/*/data)
version=$(sed -n 's/^Version: //p' "$(dirname "$deb_root")/control/control")
appdir="$target/release/bundle/appimage/Gatehouse.AppDir"
image="$target/release/bundle/appimage/Gatehouse_${version}_amd64.AppImage"
rm -rf "$appdir" "$image"
mkdir -p "$appdir"
cp -a "$deb_root/usr" "$appdir/"
cp "$appdir/usr/share/applications/Gatehouse.desktop" "$appdir/gatehouse.desktop"
cp "$appdir/usr/share/icons/hicolor/128x128/apps/gatehouse.png" "$appdir/gatehouse.png"
ln -s gatehouse.png "$appdir/.DirIcon"
cat >"$appdir/AppRun" <<'RUN'
#!/bin/sh
# The runtime mounts (or extracts) the image and starts this with APPDIR set.
exec "${APPDIR:-$(dirname "$(readlink -f "$0")")}/usr/bin/gatehouse" "$@"
RUN
chmod 0755 "$appdir/AppRun"

mksquashfs "$appdir" "$image.squashfs" -root-owned -noappend -comp zstd -quiet -no-progress
cat "$runtime" "$image.squashfs" >"$image"
rm "$image.squashfs"
chmod 0755 "$image"
say "built $image ($(du -h "$image" | cut -f1))"
