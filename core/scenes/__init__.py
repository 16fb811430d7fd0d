"""Every guided scene, in teaching order across the lessons, and how to walk them.

    scene                          a scene: its text, its phrases (settings they set), its question
    train, symmetries, bounds, init_regions, valley   each lesson's scenes (its SCENES), in teaching order

SCENES joins them in the order a class meets them, so Next on a lesson's last scene opens the
next lesson's first.
"""

from __future__ import annotations

from core.scenes import bounds, init_regions, symmetries, train, valley
from core.scenes.scene import Phrase, Scene, render_text

SCENES: tuple[Scene, ...] = (train.SCENES + symmetries.SCENES + bounds.SCENES + init_regions.SCENES
                             + valley.SCENES)
BY_ID = {scene.id: scene for scene in SCENES}


def scenes_of(page: str) -> dict[str, Scene]:
    """The scenes of one page, by id, in order."""
    return {scene.id: scene for scene in SCENES if scene.page == page}


def neighbours(scene_id: str) -> tuple[Scene | None, Scene | None]:
    """The scenes before and after this one (None at the ends)."""
    index = [scene.id for scene in SCENES].index(scene_id)
    before = SCENES[index - 1] if index > 0 else None
    after = SCENES[index + 1] if index + 1 < len(SCENES) else None
    return before, after


def position(scene_id: str) -> int:
    """1-based place of the scene in the whole tour."""
    return [scene.id for scene in SCENES].index(scene_id) + 1


__all__ = ["Phrase", "Scene", "SCENES", "BY_ID", "scenes_of", "neighbours", "position", "render_text"]
