"""A small FastAPI app whose OpenAPI 3.1 output is `fastapi-sample.json` beside this file.

FastAPI (with pydantic 2) writes what most new Python APIs publish: `anyOf` with `{type: null}` for optional
values, `const` for literal tags, `examples` lists, numeric `exclusiveMinimum`, `$ref`s inside `anyOf`, discriminated
unions, and form and file bodies. Regenerate with:

    pip install fastapi python-multipart
    python generator/tests/corpus/fastapi_sample.py > generator/tests/corpus/fastapi-sample.json
"""

import json
from datetime import datetime
from enum import Enum
from typing import Annotated, Literal, Optional, Union

from fastapi import Body, FastAPI, File, Form, Header, Path, Query, UploadFile
from pydantic import BaseModel, Field

app = FastAPI(title="FastAPI sample", version="1.0.0", description="Pets, the FastAPI way.")


class Kind(str, Enum):
    cat = "cat"
    dog = "dog"


class Owner(BaseModel):
    name: str
    email: Optional[str] = None


class Cat(BaseModel):
    kind: Literal["cat"]
    indoor: bool = True


class Dog(BaseModel):
    kind: Literal["dog"]
    barks: int = Field(0, ge=0)


class Pet(BaseModel):
    id: int = Field(..., gt=0, examples=[1, 2])
    name: str = Field(..., min_length=1, max_length=64)
    kind: Kind
    owner: Optional[Owner] = None
    tags: list[str] = []
    weight: Optional[float] = Field(None, gt=0, lt=1000)
    born: Optional[datetime] = None
    details: Annotated[Union[Cat, Dog], Field(discriminator="kind")]
    extra: dict[str, Union[int, str]] = {}


class PetUpdate(BaseModel):
    name: Optional[str] = None
    owner: Optional[Owner] = None


@app.get("/pets", tags=["pets"])
def list_pets(
    limit: Annotated[int, Query(gt=0, le=100)] = 10,
    kind: Optional[Kind] = None,
    tag: Annotated[Optional[list[str]], Query()] = None,
    x_request_id: Annotated[Optional[str], Header()] = None,
) -> list[Pet]:
    return []


@app.get("/pets/{pet_id}", tags=["pets"])
def get_pet(pet_id: Annotated[int, Path(gt=0)]) -> Pet:
    raise NotImplementedError


@app.patch("/pets/{pet_id}", tags=["pets"])
def update_pet(pet_id: int, update: PetUpdate) -> Pet:
    raise NotImplementedError


@app.post("/pets/{pet_id}/photo", tags=["pets"])
def upload_photo(pet_id: int, photo: UploadFile = File(...), caption: Optional[str] = Form(None)) -> dict[str, str]:
    return {}


@app.post("/login", tags=["auth"])
def login(username: Annotated[str, Form()], password: Annotated[str, Form()]) -> dict[str, str]:
    return {}


@app.post("/search", tags=["pets"])
def search(query: Annotated[Union[str, list[str]], Body(embed=True)]) -> list[Pet]:
    return []


if __name__ == "__main__":
    print(json.dumps(app.openapi(), indent=2))
