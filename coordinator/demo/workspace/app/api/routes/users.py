from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_db
from app.models import User

router = APIRouter()


@router.get("/{user_id}")
async def get_user(user_id: int, db: Annotated[AsyncSession, Depends(get_db)]) -> dict[str, object]:
    user = await db.get(User, user_id)
    if user is None:
        raise HTTPException(status_code=404, detail="user not found")
    return {"id": user.id, "email": user.email, "name": user.name}
